package dev.miaccount.notification.session;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.deviceSessionsRevoked;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.sessionOpened;
import static dev.miaccount.notification.support.Accounts.sessionOpenedWithId;
import static dev.miaccount.notification.support.Accounts.sessionRevoked;
import static dev.miaccount.notification.support.Accounts.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * GET /api/v1/notifications through the auth module: the service learns account-service's sessions from its
 * events and refuses a revoked session's token, and a session it never learnt once the grace (15 s) is over.
 */
@QuarkusTest
class LiveSessionTest {

    @Test
    void aRevokedSessionsTokenIsRefused() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String sessionId = sessionOpened(accountId, null);
        String token = token(accountId, sessionId, Instant.now());
        notifications(token).statusCode(200);

        sessionRevoked(accountId, sessionId);

        await().atMost(PATIENCE).untilAsserted(() -> notifications(token).statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401)));
        notifications(token(accountId)).statusCode(200);
    }

    @Test
    void thePhonesRevokedSessionsAreRefusedAndTheOthersGoOn() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String first = sessionOpened(accountId, "phone-" + accountId);
        String second = sessionOpened(accountId, "phone-" + accountId);
        String web = sessionOpened(accountId, null);

        deviceSessionsRevoked(accountId, "phone-" + accountId, List.of(first, second));
        String marker = sessionOpened(accountId, null);

        await().atMost(PATIENCE).untilAsserted(() -> notifications(token(accountId, second, Instant.now()))
                .statusCode(401));
        notifications(token(accountId, first, Instant.now())).statusCode(401);
        // Tokens issued long ago: they pass only because their sessions were learnt and are live.
        notifications(token(accountId, web, Instant.now().minusSeconds(60))).statusCode(200);
        notifications(token(accountId, marker, Instant.now().minusSeconds(60))).statusCode(200);
    }

    @Test
    void aRevocationThatArrivesBeforeTheOpeningStillWins() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String sessionId = UUID.randomUUID().toString();
        sessionRevoked(accountId, sessionId);
        String marker = sessionOpened(accountId, null);
        await().atMost(PATIENCE).untilAsserted(() -> notifications(token(accountId, marker,
                Instant.now().minusSeconds(60))).statusCode(200));

        sessionOpenedWithId(accountId, sessionId);
        String later = sessionOpened(accountId, null);
        await().atMost(PATIENCE).untilAsserted(() -> notifications(token(accountId, later,
                Instant.now().minusSeconds(60))).statusCode(200));

        notifications(token(accountId, sessionId, Instant.now())).statusCode(401);
    }

    @Test
    void aSessionNeverLearntIsAcceptedOnlyWithinTheGrace() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String unknown = UUID.randomUUID().toString();

        notifications(token(accountId, unknown, Instant.now())).statusCode(200);
        notifications(token(accountId, unknown, Instant.now().minusSeconds(20))).statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aSessionOfAnotherAccountIsRefused() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String other = newAccountId();
        registered(other, null, phoneOf(other));
        String othersSession = sessionOpened(other, null);
        String marker = sessionOpened(other, null);
        await().atMost(PATIENCE).untilAsserted(() -> notifications(token(other, marker,
                Instant.now().minusSeconds(60))).statusCode(200));

        notifications(token(accountId, othersSession, Instant.now())).statusCode(401);
    }

    private static ValidatableResponse notifications(String token) {
        return given().auth().oauth2(token).get("/api/v1/notifications").then();
    }
}
