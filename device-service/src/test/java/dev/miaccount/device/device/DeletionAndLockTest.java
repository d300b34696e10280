package dev.miaccount.device.device;

import static dev.miaccount.device.support.Phones.newAccountId;
import static dev.miaccount.device.support.Phones.newDeviceId;
import static dev.miaccount.device.support.Phones.sessionsRevoked;
import static dev.miaccount.device.support.Phones.signInOnPhone;
import static dev.miaccount.device.support.Phones.signInOnWeb;
import static dev.miaccount.device.support.Phones.stepUpToken;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.device.support.Phones.Session;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.MutableClock;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class DeletionAndLockTest {

    @Inject
    Pool pool;

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String STEP_UP = "X-Step-Up-Token";

    @AfterEach
    void realTime() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void theOwnerDeletesAPhoneFromTheWebsiteOnceHoweverOftenItAsks() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "GLOBAL", true);
        awaitState(phone, "BOUND");
        Session web = signInOnWeb(accountId);
        assertThat(locked(phone.deviceId())).isTrue();

        signInOnWeb(newAccountId()).call().delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(404);
        // Find device is on: deleting lifts the activation lock, so the password is asked again
        web.call().delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(403)
                .body("type", endsWith("/password-required"));
        web.call().header(STEP_UP, stepUpToken(phone)).delete("/api/v1/devices/{id}", phone.deviceId()).then()
                .statusCode(403).body("type", endsWith("/password-required"));
        try (TopicReader reader = new TopicReader(List.of(Topics.DEVICE_EVENTS))) {
            String flowId = web.call().header(STEP_UP, stepUpToken(web)).delete("/api/v1/devices/{id}",
                    phone.deviceId()).then().statusCode(202).extract().path("flowId");
            web.call().delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(202)
                    .body("flowId", equalTo(flowId));
            awaitState(web, phone.deviceId(), "DELETING");

            sessionsRevoked(phone, "DELETE", flowId);
            awaitState(web, phone.deviceId(), "DELETED");
            web.call().get("/api/v1/devices").then().body("deviceId", empty());
            web.call().delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(202)
                    .body("flowId", equalTo(flowId));
            assertThat(locked(phone.deviceId())).isFalse();

            List<String> types = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> phone.deviceId().equals(r.key())).map(r -> r.header("ce_type")).toList(),
                    list -> list.contains(EventTypes.DEVICE_DELETED));
            assertThat(types).containsExactly(EventTypes.DEVICE_BOUND, EventTypes.DEVICE_DELETION_REQUESTED,
                    EventTypes.DEVICE_DELETED);
        }
    }

    @Test
    void aResetWithFindDeviceOnLocksThePhoneToItsOwnerUntilTheOwnerActivatesIt() {
        String owner = newAccountId();
        Session phone = signInOnPhone(owner, newDeviceId(), "CHINA", true);
        awaitState(phone, "BOUND");
        phone.call().post("/api/v1/devices/{id}/activation", phone.deviceId()).then().statusCode(409)
                .body("type", endsWith("/conflict"));

        phone.call().post("/api/v1/devices/{id}/factory-reset", phone.deviceId()).then().statusCode(202);
        Session ownerWeb = signInOnWeb(owner);
        awaitState(ownerWeb, phone.deviceId(), "LOCKED");
        assertThat(locked(phone.deviceId())).isTrue();

        Session buyer = signInOnPhone(newAccountId(), phone.deviceId(), "CHINA", true);
        buyer.call().post("/api/v1/devices/{id}/activation", phone.deviceId()).then().statusCode(403)
                .body("type", endsWith("/not-owner"));
        awaitState(ownerWeb, phone.deviceId(), "LOCKED"); // the buyer's sign-in did not take it

        ownerWeb.call().post("/api/v1/devices/{id}/activation", phone.deviceId()).then().statusCode(403)
                .body("type", endsWith("/password-required"));
        String stepUp = stepUpToken(ownerWeb);
        ownerWeb.call().header(STEP_UP, stepUp).post("/api/v1/devices/{id}/activation", phone.deviceId()).then()
                .statusCode(200).body("state", equalTo("BOUND"));
    }

    @Test
    void aResetWithFindDeviceOffFreesThePhoneAndAResetInTheWrongStateIsAConflict() {
        String owner = newAccountId();
        Session phone = signInOnPhone(owner, newDeviceId(), "GLOBAL", false);
        awaitState(phone, "BOUND");
        assertThat(locked(phone.deviceId())).isFalse();
        phone.call().post("/api/v1/devices/{id}/factory-reset", phone.deviceId()).then().statusCode(202);
        awaitState(signInOnWeb(owner), phone.deviceId(), "SIGNED_OUT");
        phone.call().post("/api/v1/devices/{id}/factory-reset", phone.deviceId()).then().statusCode(409);
        signInOnWeb(owner).call().post("/api/v1/devices/{id}/factory-reset", phone.deviceId()).then()
                .statusCode(403).body("type", endsWith("/device-session-required"));
    }

    @Test
    void theSellerRemovesTheAccountBeforeSellingAndTheBuyerSeesNoLock() {
        String seller = newAccountId();
        Session phone = signInOnPhone(seller, newDeviceId(), "EEA", true);
        awaitState(phone, "BOUND");
        String flowId = phone.call().header(STEP_UP, stepUpToken(phone)).delete("/api/v1/devices/{id}",
                phone.deviceId()).then().statusCode(202).extract().path("flowId");
        sessionsRevoked(phone, "DELETE", flowId);
        await().atMost(PATIENCE).until(() -> !locked(phone.deviceId()));
        Session buyer = signInOnPhone(newAccountId(), phone.deviceId(), "EEA", true);
        awaitState(buyer, "BOUND");
    }

    @Test
    void theBootloaderUnlocksOnlyAfterTheWaitingPeriodWhichStartsAgainWhenBoundAnew() {
        String owner = newAccountId();
        Session phone = signInOnPhone(owner, newDeviceId(), "GLOBAL", false);
        awaitState(phone, "BOUND");
        // the password first, before anything about the waiting period is told
        phone.call().post("/api/v1/devices/{id}/bootloader-unlock", phone.deviceId()).then().statusCode(403)
                .body("type", endsWith("/password-required"));
        long remaining = phone.call().header(STEP_UP, stepUpToken(phone))
                .post("/api/v1/devices/{id}/bootloader-unlock", phone.deviceId()).then()
                .statusCode(409).body("type", endsWith("/wait-period")).extract().<Number>path("remainingSeconds")
                .longValue();
        assertThat(remaining).isBetween(168 * 3600L - 60, 168 * 3600L);
        Session other = signInOnWeb(newAccountId());
        other.call().header(STEP_UP, stepUpToken(other)).post("/api/v1/devices/{id}/bootloader-unlock",
                phone.deviceId()).then().statusCode(404);

        MutableClock.INSTANCE.advance(Duration.ofHours(168));
        phone.call().header(STEP_UP, stepUpToken(phone)).post("/api/v1/devices/{id}/bootloader-unlock",
                phone.deviceId()).then().statusCode(200).body("deviceId", equalTo(phone.deviceId()));

        String flowId = phone.call().body("{\"dataChoice\":\"KEEP\"}")
                .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202).extract().path("flowId");
        Session web = signInOnWeb(owner);
        web.call().header(STEP_UP, stepUpToken(web)).post("/api/v1/devices/{id}/bootloader-unlock",
                phone.deviceId()).then().statusCode(409).body("type", endsWith("/conflict"));
        sessionsRevoked(phone, "SIGN_OUT", flowId);
        awaitState(web, phone.deviceId(), "SIGNED_OUT");
        Session again = signInOnPhone(owner, phone.deviceId(), "GLOBAL", false);
        awaitState(again, "BOUND");
        again.call().header(STEP_UP, stepUpToken(again)).post("/api/v1/devices/{id}/bootloader-unlock",
                phone.deviceId()).then().statusCode(409).body("type", endsWith("/wait-period"));
    }

    @Test
    void theLockCheckIsPublicTellsOnlyLockedAndIsRateLimitedPerClient() {
        given().get("/api/v1/devices/{id}/activation-lock", "never-seen-" + newAccountId()).then().statusCode(200)
                .body("locked", equalTo(false)).body("size()", equalTo(2));
        given().get("/api/v1/devices/{id}/activation-lock", "bad id!").then().statusCode(400)
                .contentType("application/problem+json");

        // A window of its own, in the past: each replica also remembers a refused address until its minute ends,
        // and a minute ahead would come round again in real time (after the reset) for the tests that follow.
        MutableClock.INSTANCE.advance(Duration.ofMinutes(-10));
        try {
            exhaustTheLockCheckLimit();
        } finally {
            // The count lives in the database now, shared by every replica and every later test of this module:
            // leave no full window behind for a test whose clock starts again at the real time.
            pool.query("DELETE FROM client_limit_window WHERE limit_name = 'lock-check'").execute().await()
                    .atMost(Duration.ofSeconds(30));
        }
    }

    private void exhaustTheLockCheckLimit() {
        int allowed = 0;
        io.restassured.response.Response refused = null;
        // fixed one-minute windows: 1,201 calls put more than 600 into one window even if a minute turns meanwhile
        for (int i = 0; i < 1201 && refused == null; i++) {
            var response = given().get("/api/v1/devices/{id}/activation-lock", "any-phone");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                allowed++;
            }
        }
        assertThat(allowed).isGreaterThanOrEqualTo(300);
        assertThat(refused).isNotNull();
        refused.then().contentType("application/problem+json").body("type", endsWith("/too-many-requests"));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        // no proxy is configured here, so a forwarding header is the client's own claim and changes nothing
        given().header("X-Forwarded-For", "198.51.100.1").header("Forwarded", "for=198.51.100.1")
                .get("/api/v1/devices/{id}/activation-lock", "any-phone").then().statusCode(429);
        MutableClock.INSTANCE.advance(Duration.ofMinutes(1));
        given().get("/api/v1/devices/{id}/activation-lock", "any-phone").then().statusCode(200);
    }

    private static boolean locked(String deviceId) {
        return given().get("/api/v1/devices/{id}/activation-lock", deviceId).then().statusCode(200).extract()
                .path("locked");
    }

    private static void awaitState(Session session, String state) {
        awaitState(session, session.deviceId(), state);
    }

    private static void awaitState(Session session, String deviceId, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> session.call().get("/api/v1/devices/{id}", deviceId).then()
                .statusCode(200).body("state", equalTo(state)));
    }
}
