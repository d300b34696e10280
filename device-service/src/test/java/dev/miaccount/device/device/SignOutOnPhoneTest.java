package dev.miaccount.device.device;

import static dev.miaccount.device.support.Phones.expiredStepUpToken;
import static dev.miaccount.device.support.Phones.newAccountId;
import static dev.miaccount.device.support.Phones.newDeviceId;
import static dev.miaccount.device.support.Phones.sessionsRevoked;
import static dev.miaccount.device.support.Phones.signInOnPhone;
import static dev.miaccount.device.support.Phones.signInOnWeb;
import static dev.miaccount.device.support.Phones.signOutBody;
import static dev.miaccount.device.support.Phones.stepUpToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.miaccount.device.support.Phones.Session;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SignOutOnPhoneTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aPhoneSignInBindsThePhoneToTheAccountOnlyAndMyDevicesShowsIt() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "CHINA", true);
        Session web = signInOnWeb(accountId);

        await().atMost(PATIENCE).untilAsserted(() -> web.call().get("/api/v1/devices").then().statusCode(200)
                .body("deviceId", hasItem(phone.deviceId())));
        web.call().get("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(200)
                .body("state", equalTo("BOUND")).body("findDevice", equalTo(true))
                .body("accountEntry", equalTo("TOP")).body("romRegion", equalTo("CHINA"));

        Session stranger = signInOnWeb(newAccountId());
        stranger.call().get("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/not-found"));
        stranger.call().get("/api/v1/devices/{id}", "never-seen-phone").then().statusCode(404);
    }

    @Test
    void withFindDeviceOnTheSignOutNeedsThePasswordAgainThenCompletesWhenTheSessionsAreRevoked() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "GLOBAL", true);
        awaitBound(phone);

        phone.call().body(signOutBody("KEEP", null)).post("/api/v1/devices/{id}/sign-out", phone.deviceId())
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("/password-required"));
        phone.call().body(signOutBody("KEEP", expiredStepUpToken(phone)))
                .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(403)
                .body("type", endsWith("/password-required"));
        phone.call().body(signOutBody("KEEP", "forged.step.up"))
                .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(403);

        try (TopicReader reader = new TopicReader(List.of(Topics.DEVICE_EVENTS))) {
            String flowId = phone.call().body(signOutBody("REMOVE", stepUpToken(phone)))
                    .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202)
                    .extract().path("flowId");
            phone.call().get("/api/v1/devices/{id}", phone.deviceId()).then().body("state", equalTo("SIGNING_OUT"));
            // asking again during the flow changes nothing
            phone.call().body(signOutBody("KEEP", stepUpToken(phone)))
                    .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(409)
                    .body("type", endsWith("/conflict"));

            sessionsRevoked(phone, "SIGN_OUT", flowId);
            sessionsRevoked(phone, "SIGN_OUT", flowId); // a second answer to the same flow changes nothing

            Session web = signInOnWeb(accountId);
            await().atMost(PATIENCE).untilAsserted(() -> web.call().get("/api/v1/devices/{id}", phone.deviceId())
                    .then().statusCode(200).body("state", equalTo("SIGNED_OUT"))
                    .body("lastDataChoice", equalTo("REMOVE")));
            web.call().get("/api/v1/devices").then().statusCode(200).body("deviceId", empty());
            phone.call().get("/api/v1/devices").then().statusCode(401).contentType("application/problem+json");

            List<TopicReader.Received> flow = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> phone.deviceId().equals(r.key())).toList(),
                    records -> records.stream().anyMatch(r -> EventTypes.DEVICE_SIGNED_OUT.equals(r.header("ce_type"))));
            assertThat(flow).extracting(r -> r.header("ce_type")).containsExactly(EventTypes.DEVICE_BOUND,
                    EventTypes.DEVICE_SIGN_OUT_REQUESTED, EventTypes.DEVICE_SIGNED_OUT);
            assertThat(flow.subList(1, 3)).extracting(r -> r.header("ce_flowid")).containsOnly(flowId);
            assertThat(flow.get(2).value()).contains("\"dataChoice\":\"REMOVE\"").contains("\"state\":\"SIGNED_OUT\"")
                    .contains(accountId);
        }
    }

    @Test
    void withFindDeviceOffNoPasswordIsAskedAndSigningInAgainBindsAnew() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "EEA", false);
        awaitBound(phone);
        String flowId = phone.call().body(signOutBody("KEEP", null))
                .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202).extract().path("flowId");
        sessionsRevoked(phone, "SIGN_OUT", flowId);
        Session web = signInOnWeb(accountId);
        await().atMost(PATIENCE).untilAsserted(() -> web.call().get("/api/v1/devices/{id}", phone.deviceId())
                .then().body("state", equalTo("SIGNED_OUT")).body("lastDataChoice", equalTo("KEEP")));

        Session again = signInOnPhone(newAccountId(), phone.deviceId(), "EEA", true);
        await().atMost(PATIENCE).untilAsserted(() -> again.call().get("/api/v1/devices/{id}", phone.deviceId())
                .then().statusCode(200).body("state", equalTo("BOUND")));
        // bound to another account now: its last owner no longer sees it
        web.call().get("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(404);
    }

    @Test
    void aPhoneBoundToAnotherAccountIsNotTaken() {
        Session owner = signInOnPhone(newAccountId(), newDeviceId(), "GLOBAL", true);
        awaitBound(owner);
        try (TopicReader reader = new TopicReader(List.of(Topics.DEVICE_EVENTS))) {
            Session intruder = signInOnPhone(newAccountId(), owner.deviceId(), "GLOBAL", true);
            TopicReader.Received rejected = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> EventTypes.DEVICE_BINDING_REJECTED.equals(r.header("ce_type")))
                    .filter(r -> r.value().contains(intruder.sessionId())).findFirst().orElse(null), r -> r != null);
            assertThat(rejected.value()).contains(intruder.accountId());
            intruder.call().get("/api/v1/devices").then().statusCode(200).body("deviceId", empty());
            owner.call().get("/api/v1/devices/{id}", owner.deviceId()).then().statusCode(200)
                    .body("state", equalTo("BOUND"));
        }
    }

    @Test
    void badRequestsAreClearProblems() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "INDIA", false);
        awaitBound(phone);
        Session web = signInOnWeb(accountId);
        web.call().body(signOutBody("KEEP", null)).post("/api/v1/devices/{id}/sign-out", phone.deviceId())
                .then().statusCode(403).body("type", endsWith("/device-session-required"));
        phone.call().body(Map.of("dataChoice", "MAYBE")).post("/api/v1/devices/{id}/sign-out", phone.deviceId())
                .then().statusCode(400).body("errors.field", hasItem("dataChoice"));
        phone.call().body(Map.of()).post("/api/v1/devices/{id}/sign-out", phone.deviceId())
                .then().statusCode(400).body("errors.field", hasItem("dataChoice"));
        phone.call().get("/api/v1/devices/{id}", "bad id!").then().statusCode(400)
                .contentType("application/problem+json");
        io.restassured.RestAssured.given().get("/api/v1/devices").then().statusCode(401);
    }

    @Test
    void turningFindDeviceOffNeedsThePasswordAgain() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "GLOBAL", true);
        awaitBound(phone);
        Session web = signInOnWeb(accountId);
        web.call().body(Map.of("enabled", false)).put("/api/v1/devices/{id}/find-device", phone.deviceId())
                .then().statusCode(403).body("type", endsWith("/password-required"));
        web.call().body(Map.of("enabled", false, "stepUpToken", stepUpToken(phone)))
                .put("/api/v1/devices/{id}/find-device", phone.deviceId()).then().statusCode(403);
        web.call().body(Map.of("enabled", false, "stepUpToken", stepUpToken(web)))
                .put("/api/v1/devices/{id}/find-device", phone.deviceId()).then().statusCode(200)
                .body("findDevice", equalTo(false));
        web.call().body(Map.of("enabled", true)).put("/api/v1/devices/{id}/find-device", phone.deviceId())
                .then().statusCode(200).body("findDevice", equalTo(true));
    }

    private static void awaitBound(Session phone) {
        await().atMost(PATIENCE).untilAsserted(() -> phone.call().get("/api/v1/devices/{id}", phone.deviceId())
                .then().statusCode(200).body("state", equalTo("BOUND")));
    }
}
