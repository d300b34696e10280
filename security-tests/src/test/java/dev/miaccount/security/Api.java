package dev.miaccount.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.miaccount.security.Http.Reply;

/** What people and phones do over the public API, with every password, token and code noted in {@link Secrets}. */
final class Api {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");

    private Api() {
    }

    record Account(String accountId, String email, String phone, String password) {
    }

    /** A signed-in session: a web session ({@code deviceId == null}) or a phone's own session. */
    record Session(Account account, String token, String sessionId, String deviceId) {
    }

    static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** A password nobody else uses, so that finding it anywhere means it leaked from this run. */
    static String newPassword() {
        return Secrets.password("pw-" + random(20));
    }

    static String newEmail() {
        return "sec-" + random(12).toLowerCase() + "@example.com";
    }

    static String newPhone() {
        return "+8613" + (100_000_000 + RANDOM.nextInt(900_000_000));
    }

    static String newDeviceId() {
        return "sec-phone-" + random(12);
    }

    static Account register() {
        String email = Secrets.address(newEmail());
        String phone = Secrets.address(newPhone());
        String password = newPassword();
        Reply reply = Http.post(Stack.account() + "/api/v1/accounts")
                .json(Map.of("email", email, "phone", phone, "password", password)).send();
        assertThat(reply.status()).as(reply.describe()).isEqualTo(201);
        return new Account(reply.text("accountId"), email, phone, password);
    }

    static Reply signIn(String identifier, String password, Map<String, Object> device) {
        Map<String, Object> body = new HashMap<>(Map.of("identifier", identifier, "password", password));
        if (device != null) {
            body.put("device", device);
        }
        Reply reply = Http.post(Stack.account() + "/api/v1/sessions").json(body).send();
        Secrets.token(reply.text("accessToken"));
        return reply;
    }

    static Session web(Account account) {
        Reply reply = signIn(account.email(), account.password(), null);
        assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
        return new Session(account, reply.text("accessToken"), reply.text("sessionId"), null);
    }

    /** Signs in on a new phone and waits until device-service shows it BOUND to the account. */
    static Session phone(Account account, boolean findDevice) {
        return phone(account, newDeviceId(), findDevice);
    }

    static Session phone(Account account, String deviceId, boolean findDevice) {
        Reply reply = signIn(account.accountId(), account.password(), Map.of("deviceId", deviceId, "model",
                "Xiaomi 15", "romRegion", "GLOBAL", "findDevice", findDevice));
        assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
        Session session = new Session(account, reply.text("accessToken"), reply.text("sessionId"), deviceId);
        awaitDevice(session, deviceId, "BOUND");
        return session;
    }

    static String stepUp(Session session) {
        Reply reply = Http.post(Stack.account() + "/api/v1/accounts/me/reauth").bearer(session.token())
                .json(Map.of("password", session.account().password())).send();
        assertThat(reply.status()).as(reply.describe()).isEqualTo(200);
        return Secrets.token(reply.text("stepUpToken"));
    }

    static void signOut(Session session) {
        Reply reply = Http.delete(Stack.account() + "/api/v1/sessions/current").bearer(session.token()).send();
        assertThat(reply.status()).as(reply.describe()).isEqualTo(204);
    }

    static Reply device(Session session, String deviceId) {
        return Http.get(Stack.device() + "/api/v1/devices/" + deviceId).bearer(session.token()).send();
    }

    static JsonNode awaitDevice(Session session, String deviceId, String state) {
        return await().atMost(PATIENCE).until(() -> device(session, deviceId).json(),
                json -> json != null && state.equals(json.path("state").asText()));
    }

    /** The newest 6-digit code the sandbox gateway sent to {@code to}, noted as a secret. */
    static String awaitCode(String to) {
        Secrets.address(to);
        return await().atMost(PATIENCE).until(() -> newestCode(to), Optional::isPresent).map(Secrets::code)
                .orElseThrow();
    }

    static Optional<String> newestCode(String to) {
        Reply reply = Http.get(Stack.notification() + "/api/v1/sandbox/messages?to="
                + java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8)).send();
        if (reply.status() != 200 || reply.json() == null) {
            return Optional.empty();
        }
        for (JsonNode message : reply.json()) {
            Matcher matcher = CODE.matcher(codeText(message));
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** Every code the sandbox gateway sent to {@code to}, noted as secrets. */
    static void noteCodesSentTo(String to) {
        Reply reply = Http.get(Stack.notification() + "/api/v1/sandbox/messages?limit=500&to="
                + java.net.URLEncoder.encode(to, java.nio.charset.StandardCharsets.UTF_8)).send();
        if (reply.status() == 200 && reply.json() != null) {
            for (JsonNode message : reply.json()) {
                Matcher matcher = CODE.matcher(codeText(message));
                while (matcher.find()) {
                    Secrets.code(matcher.group(1));
                }
            }
        }
    }

    /** The body of a verification-code message; nothing for any other message (an alert's times are no code). */
    private static String codeText(JsonNode message) {
        String body = message.path("body").asText("");
        return body.toLowerCase(java.util.Locale.ROOT).contains("code") ? body : "";
    }
}
