package dev.miaccount.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The dashboard is an operator's view: it must never show an email address, a phone number or a display name
 * (API.md, "Never public"). Producers are supposed to publish only masked destinations, but the dashboard reads
 * every topic, including what a future or faulty producer writes, so it masks on its own before an event is kept:
 * <ul>
 * <li>every string under a field whose name says it holds a person's contact or name ({@code email}, {@code phone},
 * {@code displayName}, {@code to}, {@code destination}, {@code recipient}, and their variants such as
 * {@code newEmail} or {@code phone_number}), whatever it looks like, nested objects and arrays included;</li>
 * <li>anywhere else, every email address or E.164 phone number found inside a string value or a field name.</li>
 * </ul>
 * Masks keep enough to recognise a value and too little to use it, in the shapes notification-service publishes:
 * {@code m***@example.com}, {@code +86*******8000}, a name as its first letter and {@code ***}. Masking a masked
 * value changes nothing, so a destination notification-service already masked reads the same.
 */
final class PersonalDataMasking {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Field names (lower case, without {@code _ -} and spaces) that name a person's contact or name outright. */
    private static final Set<String> PERSONAL_NAMES = Set.of("to", "cc", "bcc", "name", "mail", "tel", "contact",
            "contacts", "address", "addresses");

    /** Parts of a field name that mark it as personal wherever they occur ({@code newEmail}, {@code phoneNumber}). */
    private static final List<String> PERSONAL_PARTS = List.of("email", "phone", "mobile", "msisdn", "displayname",
            "nickname", "fullname", "firstname", "lastname", "givenname", "familyname", "username", "recipient",
            "destination");

    /** An email address (a whole value): a local part, {@code @}, and a domain with a dot. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
            + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){1,8}");
    /** The domain of an address found inside text, matched from just after its {@code @}. */
    private static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){1,8}");
    private static final String LOCAL_PART_SYMBOLS = ".!#$%&'*+/=?^_`{|}~-";
    private static final int MAX_LOCAL_PART = 64;

    /** An E.164 number inside text: {@code +}, then 7 to 15 digits not part of a longer run of digits. */
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}(?![0-9])");

    /** Already masked: left as it is, so that masking twice reads like masking once. */
    private static final Pattern MASKED = Pattern.compile(
            "[^@\\s]?\\*{3}(@\\S+)?|\\+?[0-9]{0,4}\\*+[0-9]{0,4}");

    private PersonalDataMasking() {
    }

    /** A masked copy of an event's data; the argument is not changed. */
    static JsonNode mask(JsonNode data) {
        return data == null ? null : mask(data, false);
    }

    /** The text with every email address and E.164 number in it masked. */
    static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text.indexOf('@') < 0 ? text : maskEmails(text);
        return masked.indexOf('+') < 0 ? masked : replaceAll(PHONE, masked, PersonalDataMasking::phone);
    }

    /** A value under a personal field: masked as what it looks like; a name when it looks like neither. */
    static String maskPersonal(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || MASKED.matcher(trimmed).matches()) {
            return value;
        }
        if (EMAIL.matcher(trimmed).matches()) {
            return email(trimmed);
        }
        if (trimmed.matches("\\+?[0-9][0-9 ().-]{5,}")) {
            return phone(trimmed.replaceAll("[ ().-]", ""));
        }
        return trimmed.substring(0, Character.charCount(trimmed.codePointAt(0))) + "***";
    }

    static boolean isPersonalField(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        if (PERSONAL_NAMES.contains(key)) {
            return true;
        }
        for (String part : PERSONAL_PARTS) {
            if (key.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode mask(JsonNode node, boolean personal) {
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                // a map keyed by address (for example per-destination counts) must not show the keys either
                copy.set(maskText(name), mask(field.getValue(), personal || isPersonalField(name)));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            node.forEach(element -> copy.add(mask(element, personal)));
            return copy;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(personal ? maskPersonal(node.textValue()) : maskText(node.textValue()));
        }
        if (personal && node.isNumber() && node.asText().replace("-", "").length() >= 7) {
            // a phone number written as a JSON number: as long as one, and shown as masked text
            return TextNode.valueOf(maskPersonal(node.asText()));
        }
        return node; // true/false/null and short numbers (counts, flags) say nothing about a person
    }

    /** {@code mi.fan@example.com} → {@code m***@example.com}, as notification-service masks a destination. */
    private static String email(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.substring(0, Character.charCount(email.codePointAt(0))) + "***" + email.substring(at);
    }

    /** {@code +8613800138000} → {@code +86*******8000}, as notification-service masks a destination. */
    private static String phone(String phone) {
        if (phone.length() < 8) {
            return "***";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }

    /**
     * Finds addresses from their {@code @} outwards rather than with one regular expression over the text: a
     * regular expression tries every start position, which made a megabyte without an address cost seconds; this
     * looks at most 64 characters back from each {@code @}, so a record of any size costs linear time and the
     * consumer keeps up whatever a producer writes.
     */
    private static String maskEmails(String text) {
        StringBuilder out = null;
        int copied = 0;
        Matcher domain = DOMAIN.matcher(text);
        int at = text.indexOf('@');
        while (at >= 0) {
            int start = at;
            while (start > copied && at - start < MAX_LOCAL_PART && isLocalPartChar(text.charAt(start - 1))) {
                start--;
            }
            if (start < at && domain.region(at + 1, text.length()).lookingAt()) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, start).append(email(text.substring(start, domain.end())));
                copied = domain.end();
                at = text.indexOf('@', copied);
            } else {
                at = text.indexOf('@', at + 1);
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isLocalPartChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || LOCAL_PART_SYMBOLS.indexOf(c) >= 0);
    }

    private static String replaceAll(Pattern pattern, String text, UnaryOperator<String> masker) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(masker.apply(matcher.group())));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
