package dev.miaccount.account.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.miaccount.account.account.Contacts;
import dev.miaccount.problem.ProblemException;

/** What a person signs in with: their email, their phone or their 10-digit account ID. */
public record Identifier(Kind kind, String value) {

    public enum Kind {
        ACCOUNT_ID, EMAIL, PHONE
    }

    /** @throws ProblemException 400 naming {@code identifier} when it is none of the three */
    public static Identifier parse(String raw) {
        String trimmed = raw == null ? "" : raw.trim();
        if (trimmed.matches("[0-9]{10}")) {
            return new Identifier(Kind.ACCOUNT_ID, trimmed);
        }
        if (trimmed.matches(Contacts.E164)) {
            return new Identifier(Kind.PHONE, trimmed);
        }
        if (trimmed.matches("[^@\\s]+@[^@\\s]+")) {
            return new Identifier(Kind.EMAIL, Contacts.email(trimmed));
        }
        throw ProblemException.validation("identifier",
                "must be an email address, an E.164 phone number or a 10-digit account ID");
    }

    /** A SHA-256 of the identifier: what is kept about an identifier when nothing else may be. */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
