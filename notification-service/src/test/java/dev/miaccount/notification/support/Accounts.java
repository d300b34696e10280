package dev.miaccount.notification.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.infra.SigningKeys;
import dev.miaccount.testing.RealInfrastructure;
import dev.miaccount.testing.TopicWriter;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/** Plays account-service for notification-service's tests: its events, its tokens and its calls to /internal. */
public final class Accounts {

    public static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The web session each registered account signed in with, known to the service before its welcome. */
    private static final Map<String, String> SESSIONS = new ConcurrentHashMap<>();
    private static final Pattern CODE = Pattern.compile("verification code is ([0-9]{6})\\.");

    /** The service credential the real-infrastructure resource gives the service, as the local run does. */
    public static final String INTERNAL_TOKEN = SigningKeys.internalToken(RealInfrastructure.keyDir());

    private Accounts() {
    }

    public static String newAccountId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    public static String phoneOf(String accountId) {
        return "+86137" + accountId.substring(2);
    }

    /**
     * account.session-opened.v1 of a web session, then account.registered.v1, then waits for the welcome: from then
     * on the account's contact and its session are known ({@link #token} is that session's).
     */
    public static void registered(String accountId, String email, String phone) {
        SESSIONS.put(accountId, sessionOpened(accountId, null));
        publish(accountId, EventTypes.ACCOUNT_REGISTERED, UUID.randomUUID().toString(),
                registration(accountId, email, phone, "Mi Fan"));
        String to = email != null ? email : phone;
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/v1/sandbox/messages?to={to}", to).then()
                .statusCode(200).body("$", hasSize(1)));
    }

    /** account.password-reset-requested.v1 for the account; returns the resetId. */
    public static String resetRequested(String accountId) {
        String resetId = UUID.randomUUID().toString();
        publish(accountId, EventTypes.PASSWORD_RESET_REQUESTED, UUID.randomUUID().toString(),
                Map.of("resetId", resetId, "accountId", accountId, "requestedAt", Instant.now().toString()));
        return resetId;
    }

    /** account.contact-change-requested.v1: a new address (channel SMS or EMAIL) for the account; the changeId. */
    public static String contactChangeRequested(String accountId, String channel, String destination) {
        String changeId = UUID.randomUUID().toString();
        contactChangeRequested(accountId, changeId, channel, destination, UUID.randomUUID().toString());
        return changeId;
    }

    /** With the ids given: the same event id twice is a redelivery, the same changeId twice a repeated request. */
    public static void contactChangeRequested(String accountId, String changeId, String channel, String destination,
            String eventId) {
        publish(accountId, EventTypes.CONTACT_CHANGE_REQUESTED, eventId, UUID.randomUUID().toString(),
                Map.of("changeId", changeId, "accountId", accountId, "channel", channel,
                        "requestedAt", Instant.now().toString(),
                        "personal", sealed(accountId, Collections.singletonMap("destination", destination))));
    }

    /** account.contact-changed.v1 with the event id given (the same id twice is a redelivery). */
    public static void contactChanged(String accountId, String changeId, String channel, String eventId) {
        publish(accountId, EventTypes.CONTACT_CHANGED, eventId, UUID.randomUUID().toString(),
                Map.of("changeId", changeId, "accountId", accountId, "channel", channel,
                        "changedAt", "2026-11-28T14:45:00Z"));
    }

    /** account.profile-updated.v1: the account's addresses from now on. */
    public static void profileUpdated(String accountId, String email, String phone, String changed) {
        publish(accountId, EventTypes.ACCOUNT_PROFILE_UPDATED, UUID.randomUUID().toString(),
                profileUpdate(accountId, email, phone, "Mi Fan", List.of(changed)));
    }

    /** The data of account.registered.v2, its contact sealed under the account's key (see AccountDataKeysStub). */
    public static Map<String, Object> registration(String accountId, String email, String phone, String name) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", accountId);
        data.put("createdAt", "2026-11-28T09:00:00Z");
        data.put("personal", sealedContact(accountId, email, phone, name));
        return data;
    }

    /** The data of account.profile-updated.v2, the profile sealed under the account's key. */
    public static Map<String, Object> profileUpdate(String accountId, String email, String phone, String name,
            List<String> changed) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accountId", accountId);
        data.put("changed", changed);
        data.put("updatedAt", Instant.now().toString());
        data.put("personal", sealedContact(accountId, email, phone, name));
        return data;
    }

    private static String sealedContact(String accountId, String email, String phone, String name) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("email", email);
        contact.put("phone", phone);
        contact.put("displayName", name);
        return sealed(accountId, contact);
    }

    private static String sealed(String accountId, Map<String, ?> personal) {
        try {
            return AccountDataKeysStub.seal(accountId, JSON.writeValueAsString(personal));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void passwordChanged(String accountId, String resetId, String flowId) {
        publish(accountId, EventTypes.PASSWORD_CHANGED, flowId,
                Map.of("accountId", accountId, "resetId", resetId, "changedAt", "2026-11-28T12:30:00Z"));
    }

    /** account.signed-out-everywhere.v1: every session but one ended. */
    public static void signedOutEverywhere(String accountId, String flowId) {
        publish(accountId, EventTypes.SIGNED_OUT_EVERYWHERE, flowId, Map.of("accountId", accountId,
                "keptSessionId", UUID.randomUUID().toString(), "revokedSessionIds", List.of(), "at",
                "2026-11-28T12:30:00Z"));
    }

    /** account.session-opened.v1 of a new session (a device session when {@code deviceId} is set); its id. */
    public static String sessionOpened(String accountId, String deviceId) {
        String sessionId = UUID.randomUUID().toString();
        sessionOpened(accountId, deviceId, sessionId);
        return sessionId;
    }

    /** account.session-opened.v1 of a web session with this id. */
    public static void sessionOpenedWithId(String accountId, String sessionId) {
        sessionOpened(accountId, null, sessionId);
    }

    private static void sessionOpened(String accountId, String deviceId, String sessionId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", sessionId);
        data.put("accountId", accountId);
        data.put("kind", deviceId == null ? "WEB" : "DEVICE");
        data.put("device", deviceId == null ? null : Map.of("deviceId", deviceId, "model", "Xiaomi 15",
                "romRegion", "GLOBAL", "findDevice", true));
        data.put("openedAt", Instant.now().toString());
        publish(accountId, EventTypes.SESSION_OPENED, UUID.randomUUID().toString(), data);
    }

    /** account.session-revoked.v1 of one session. */
    public static void sessionRevoked(String accountId, String sessionId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sessionId", sessionId);
        data.put("accountId", accountId);
        data.put("deviceId", null);
        data.put("reason", "SIGNED_OUT");
        data.put("revokedAt", Instant.now().toString());
        publish(accountId, EventTypes.SESSION_REVOKED, UUID.randomUUID().toString(), data);
    }

    /** account.device-sessions-revoked.v1 naming these sessions of the phone. */
    public static void deviceSessionsRevoked(String accountId, String deviceId, List<String> sessionIds) {
        publish(accountId, EventTypes.DEVICE_SESSIONS_REVOKED, UUID.randomUUID().toString(),
                Map.of("accountId", accountId, "deviceId", deviceId, "sessionIds", sessionIds, "reason", "SIGN_OUT",
                        "revokedAt", Instant.now().toString()));
    }

    public static void publish(String accountId, String type, String flowId, Object data) {
        publish(accountId, type, UUID.randomUUID().toString(), flowId, data);
    }

    /** With the event id given: the same id twice is a redelivery. */
    public static void publish(String accountId, String type, String eventId, String flowId, Object data) {
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.ACCOUNT_EVENTS, accountId, JSON.writeValueAsString(data), TopicWriter
                    .cloudEventHeaders(eventId, type, "account-service", accountId, flowId));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sandbox inbox of one address, newest first. */
    public static List<Map<String, String>> inbox(String to) {
        return given().get("/api/v1/sandbox/messages?to={to}", to).then().statusCode(200).extract().jsonPath()
                .getList("$");
    }

    /** The verification codes in one inbox, newest first. */
    public static List<String> codes(String to) {
        return inbox(to).stream().map(m -> CODE.matcher(m.get("body"))).filter(Matcher::find)
                .map(m -> m.group(1)).toList();
    }

    /** Waits until the inbox holds {@code count} codes; returns the newest. */
    public static String awaitCode(String to, int count) {
        return await().atMost(PATIENCE).until(() -> codes(to), list -> list.size() >= count).get(0);
    }

    /** account-service's call, with the service credential: VALID, INVALID or EXHAUSTED. */
    public static String check(String resetId, String accountId, String code) {
        return given().header("Authorization", "Bearer " + INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("accountId", accountId, "code", code))
                .post("/internal/v1/verification-codes/{resetId}/check", resetId).then().statusCode(200).extract()
                .path("result");
    }

    /** The check with the purpose named: a code of another purpose is INVALID. */
    public static String check(String id, String accountId, String code, String purpose) {
        return given().header("Authorization", "Bearer " + INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("accountId", accountId, "code", code, "purpose", purpose))
                .post("/internal/v1/verification-codes/{id}/check", id).then().statusCode(200).extract()
                .path("result");
    }

    /**
     * An access token of the account, as account-service signs it: of the session the account was registered with
     * (a new, never announced session for an account not registered here).
     */
    public static String token(String accountId) {
        return token(accountId, SESSIONS.getOrDefault(accountId, UUID.randomUUID().toString()), Instant.now());
    }

    public static String token(String accountId, String sessionId, Instant issuedAt) {
        return Jwt.issuer("https://mi-account.dev").subject(accountId).audience("mi-account")
                .claim("sid", sessionId).issuedAt(issuedAt).expiresAt(issuedAt.plusSeconds(900)).sign();
    }

    /** The account's deliveries as GET /notifications lists them. */
    public static List<Map<String, Object>> notifications(String accountId) {
        return given().auth().oauth2(token(accountId)).get("/api/v1/notifications").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }
}
