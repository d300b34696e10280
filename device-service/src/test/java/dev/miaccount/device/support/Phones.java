package dev.miaccount.device.support;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.miaccount.events.DeviceSessionsRevoked;
import dev.miaccount.events.AccountDeletionStarted;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.SessionOpened;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicWriter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;

/**
 * Plays account-service for device-service's tests: its session events on account-events and its tokens, signed
 * with the test key pair the real-infrastructure resource configures.
 */
public final class Phones {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Phones() {
    }

    /** A session as account-service opened it: its id and its access token. */
    public record Session(String accountId, String sessionId, String deviceId, String token) {

        public RequestSpecification call() {
            return given().auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    public static String newAccountId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    public static String newDeviceId() {
        return "phone-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A phone sign-in: the session-opened event and the phone's token. */
    public static Session signInOnPhone(String accountId, String deviceId, String romRegion, boolean findDevice) {
        String sessionId = UUID.randomUUID().toString();
        publish(Topics.ACCOUNT_EVENTS, accountId, EventTypes.SESSION_OPENED, UUID.randomUUID().toString(),
                new SessionOpened(sessionId, accountId, "DEVICE",
                        new SessionOpened.Device(deviceId, "Xiaomi 15", romRegion, findDevice), Instant.now()));
        return new Session(accountId, sessionId, deviceId, accessToken(accountId, sessionId, deviceId));
    }

    public static Session signInOnWeb(String accountId) {
        String sessionId = UUID.randomUUID().toString();
        publish(Topics.ACCOUNT_EVENTS, accountId, EventTypes.SESSION_OPENED, UUID.randomUUID().toString(),
                new SessionOpened(sessionId, accountId, "WEB", null, Instant.now()));
        return new Session(accountId, sessionId, null, accessToken(accountId, sessionId, null));
    }

    /** account-service's answer to a sign-out or deletion request. */
    public static void sessionsRevoked(Session phone, String reason, String flowId) {
        publish(Topics.ACCOUNT_EVENTS, phone.accountId(), EventTypes.DEVICE_SESSIONS_REVOKED, flowId,
                new DeviceSessionsRevoked(phone.accountId(), phone.deviceId(), List.of(phone.sessionId()), reason,
                        Instant.now()));
    }

    /** account-service's start of the account's erasure: the code confirmed, its sessions revoked. */
    public static void accountDeletionStarted(String accountId, String flowId) {
        publish(Topics.ACCOUNT_EVENTS, accountId, EventTypes.ACCOUNT_DELETION_STARTED, flowId,
                new AccountDeletionStarted(accountId, UUID.randomUUID().toString(), Instant.now()));
    }

    public static String accessToken(String accountId, String sessionId, String deviceId) {
        var claims = Jwt.issuer("https://mi-account.dev").subject(accountId).audience("mi-account")
                .claim("sid", sessionId).claim("auth_time", Instant.now().getEpochSecond())
                .expiresIn(900);
        if (deviceId != null) {
            claims.claim("deviceId", deviceId);
        }
        return claims.sign();
    }

    /** A fresh step-up token of the session, as POST /accounts/me/reauth gives it: usable once. */
    public static String stepUpToken(Session session) {
        return Jwt.issuer("https://mi-account.dev").subject(session.accountId()).audience("mi-account-step-up")
                .claim("jti", UUID.randomUUID().toString()).claim("sid", session.sessionId()).expiresIn(300).sign();
    }

    public static String expiredStepUpToken(Session session) {
        return Jwt.issuer("https://mi-account.dev").subject(session.accountId()).audience("mi-account-step-up")
                .claim("jti", UUID.randomUUID().toString()).claim("sid", session.sessionId())
                .issuedAt(Instant.now().minusSeconds(900))
                .expiresAt(Instant.now().minusSeconds(600)).sign();
    }

    private static void publish(String topic, String key, String type, String flowId, Object data) {
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(topic, key, JSON.writeValueAsString(data), TopicWriter.cloudEventHeaders(
                    UUID.randomUUID().toString(), type, "account-service", key, flowId));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Map<String, Object> signOutBody(String choice, String stepUp) {
        return stepUp == null ? Map.of("dataChoice", choice) : Map.of("dataChoice", choice, "stepUpToken", stepUp);
    }
}
