package dev.miaccount.system;

import dev.miaccount.testing.SystemUnderTest;
import static dev.miaccount.system.Flows.PATIENCE;
import static dev.miaccount.system.Flows.accounts;
import static dev.miaccount.system.Flows.awaitState;
import static dev.miaccount.system.Flows.devices;
import static dev.miaccount.system.Flows.register;
import static dev.miaccount.system.Flows.signInOnPhone;
import static dev.miaccount.system.Flows.signInOnWeb;
import static dev.miaccount.system.Flows.stepUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.system.Flows.Account;
import dev.miaccount.system.Flows.Phone;
import dev.miaccount.testing.TopicReader;

/** Sign-in on a phone → My Devices → sign-out on the phone, across the three packaged services. */
class SignOutOnPhoneIT {

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    @Test
    void withFindDeviceOnThePhoneSignsOutAfterThePasswordAgainAndTheOwnerIsAlerted() {
        Account account = register();
        Phone phone = signInOnPhone(account, true);
        String web = signInOnWeb(account);
        await().atMost(PATIENCE).untilAsserted(() -> devices(web).get("/api/v1/devices").then().statusCode(200)
                .body("deviceId", hasItem(phone.deviceId())));
        awaitState(web, phone.deviceId(), "BOUND");

        devices(phone.token()).body(Map.of("dataChoice", "KEEP")).post("/api/v1/devices/{id}/sign-out",
                phone.deviceId()).then().statusCode(403).body("type", org.hamcrest.Matchers.endsWith("/password-required"));

        try (TopicReader reader = new TopicReader(SystemUnderTest.kafka(),
                List.of(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS, Topics.NOTIFICATION_EVENTS))) {
            String flowId = devices(phone.token())
                    .body(Map.of("dataChoice", "REMOVE", "stepUpToken", stepUp(phone.token())))
                    .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202)
                    .extract().path("flowId");

            awaitState(web, phone.deviceId(), "SIGNED_OUT");
            devices(web).get("/api/v1/devices/{id}", phone.deviceId()).then().body("lastDataChoice", equalTo("REMOVE"));
            devices(web).get("/api/v1/devices").then().body("deviceId", empty());
            accounts(phone.token()).get("/api/v1/accounts/me").then().statusCode(401);
            devices(phone.token()).get("/api/v1/devices").then().statusCode(401);
            accounts(web).get("/api/v1/accounts/me").then().statusCode(200);

            List<TopicReader.Received> flow = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> flowId.equals(r.header("ce_flowid"))).toList(),
                    // the reader's partitions of three topics fill in over several polls: wait for every step
                    records -> records.stream().map(r -> r.header("ce_type")).toList().containsAll(List.of(
                            EventTypes.DEVICE_SIGN_OUT_REQUESTED, EventTypes.DEVICE_SESSIONS_REVOKED,
                            EventTypes.DEVICE_SIGNED_OUT, EventTypes.NOTIFICATION_SENT)));
            List<String> types = flow.stream().sorted(Comparator.comparing(r -> r.header("ce_time")))
                    .map(r -> r.header("ce_type")).toList();
            assertThat(types).containsSubsequence(EventTypes.DEVICE_SIGN_OUT_REQUESTED,
                    EventTypes.DEVICE_SESSIONS_REVOKED, EventTypes.DEVICE_SIGNED_OUT, EventTypes.NOTIFICATION_SENT);
            assertThat(flow).extracting(r -> r.header("ce_source")).contains("device-service", "account-service",
                    "notification-service");

            // the dashboard shows the flow: request, revocation, final state and alert, from the three services
            await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(SystemUnderTest.dashboard())
                    .get("/api/v1/events?flowId={flow}", flowId).then().statusCode(200)
                    .body("type", hasItem(EventTypes.DEVICE_SIGN_OUT_REQUESTED))
                    .body("type", hasItem(EventTypes.DEVICE_SESSIONS_REVOKED))
                    .body("type", hasItem(EventTypes.DEVICE_SIGNED_OUT))
                    .body("type", hasItem(EventTypes.NOTIFICATION_SENT))
                    .body("source", hasItem("account-service")).body("source", hasItem("device-service")));

            await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(SystemUnderTest.notification())
                    .get("/api/v1/sandbox/messages?to={to}", account.email()).then().statusCode(200)
                    .body("subject", hasItem(org.hamcrest.Matchers.containsString("signed out"))));

            // asking again after the flow: the phone's session is gone, nothing happens twice
            devices(phone.token()).body(Map.of("dataChoice", "KEEP")).post("/api/v1/devices/{id}/sign-out",
                    phone.deviceId()).then().statusCode(401);
            long alerts = given().baseUri(SystemUnderTest.notification())
                    .get("/api/v1/sandbox/messages?to={to}", account.email()).then().extract()
                    .<List<String>>path("subject").stream().filter(s -> s.contains("signed out")).count();
            assertThat(alerts).isEqualTo(1);
        }
    }

    @Test
    void withFindDeviceOffNoPasswordIsAskedAndTheSameAccountCanBindThePhoneAnew() {
        Account account = register();
        Phone phone = signInOnPhone(account, false);
        String web = signInOnWeb(account);
        awaitState(web, phone.deviceId(), "BOUND");

        devices(phone.token()).body(Map.of("dataChoice", "KEEP")).post("/api/v1/devices/{id}/sign-out",
                phone.deviceId()).then().statusCode(202);
        awaitState(web, phone.deviceId(), "SIGNED_OUT");
        devices(web).get("/api/v1/devices/{id}", phone.deviceId()).then().body("lastDataChoice", equalTo("KEEP"));

        Phone again = new Phone(account, phone.deviceId(), Flows.signInOnPhoneWithId(account, phone.deviceId()));
        awaitState(again.token(), phone.deviceId(), "BOUND");
    }
}
