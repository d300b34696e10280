package dev.miaccount.device.device;

import static dev.miaccount.device.support.Phones.newAccountId;
import static dev.miaccount.device.support.Phones.newDeviceId;
import static dev.miaccount.device.support.Phones.sessionsRevoked;
import static dev.miaccount.device.support.Phones.signInOnPhone;
import static dev.miaccount.device.support.Phones.signInOnWeb;
import static dev.miaccount.device.support.Phones.signOutBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.device.support.Phones.Session;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.MutableClock;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Saga deadlines: no account-service answers here (the tests play it), so a request goes out again after
 * miaccount.flow.deadline (30 s, the clock moved instead of waited), is marked stuck after the third, and is asked
 * again at once when its owner repeats it; a late answer then completes the flow exactly once.
 */
@QuarkusTest
class FlowDeadlineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration PAST_DEADLINE = Duration.ofSeconds(31);

    @AfterEach
    void realTime() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void anUnansweredDeletionIsAskedAgainThenShownStuckThenCompletesOnceWhenTheAnswerComes() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "GLOBAL", false);
        Session web = signInOnWeb(accountId);
        await().atMost(PATIENCE).untilAsserted(() -> web.call().get("/api/v1/devices/{id}", phone.deviceId())
                .then().statusCode(200).body("state", equalTo("BOUND")));

        try (TopicReader reader = new TopicReader(List.of(Topics.DEVICE_EVENTS))) {
            String flowId = web.call().delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(202)
                    .extract().path("flowId");
            awaitEvents(reader, phone, EventTypes.DEVICE_DELETION_REQUESTED, 1);

            MutableClock.INSTANCE.advance(PAST_DEADLINE);
            awaitEvents(reader, phone, EventTypes.DEVICE_DELETION_REQUESTED, 2);
            MutableClock.INSTANCE.advance(PAST_DEADLINE);
            awaitEvents(reader, phone, EventTypes.DEVICE_DELETION_REQUESTED, 3);
            web.call().get("/api/v1/devices/{id}", phone.deviceId()).then().body("flowStuck", equalTo(false));

            MutableClock.INSTANCE.advance(PAST_DEADLINE);
            Received stuck = awaitEvents(reader, phone, EventTypes.DEVICE_FLOW_STUCK, 1).get(0);
            assertThat(stuck.header("ce_flowid")).isEqualTo(flowId);
            assertThat(stuck.value()).contains("\"state\":\"DELETING\"").contains(accountId);
            web.call().get("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(200)
                    .body("state", equalTo("DELETING")).body("flowStuck", equalTo(true));

            // the owner deletes again: the same flow, its request at once, no longer shown as stuck
            web.call().delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(202)
                    .body("flowId", equalTo(flowId));
            List<Received> requests = awaitEvents(reader, phone, EventTypes.DEVICE_DELETION_REQUESTED, 4);
            assertThat(requests).extracting(r -> r.header("ce_flowid")).containsOnly(flowId);
            assertThat(requests).extracting(r -> r.header("ce_id")).doesNotHaveDuplicates();
            // every copy names the original request's time
            assertThat(requests).extracting(r -> r.value().replaceAll(".*\"at\":\"([^\"]+)\".*", "$1"))
                    .containsOnly(requests.get(0).value().replaceAll(".*\"at\":\"([^\"]+)\".*", "$1"));
            web.call().get("/api/v1/devices/{id}", phone.deviceId()).then().body("flowStuck", equalTo(false));

            // account-service answers every copy; the flow completes once
            sessionsRevoked(phone, "DELETE", flowId);
            sessionsRevoked(phone, "DELETE", flowId);
            await().atMost(PATIENCE).untilAsserted(() -> web.call().get("/api/v1/devices/{id}", phone.deviceId())
                    .then().body("state", equalTo("DELETED")).body("flowStuck", equalTo(false)));
            sessionsRevoked(phone, "DELETE", flowId);
            MutableClock.INSTANCE.advance(PAST_DEADLINE.multipliedBy(20));
            String marker = signInOnPhone(accountId, phone.deviceId(), "GLOBAL", false).sessionId();
            // the phone binds anew after the deletion: that event follows every earlier one of the phone
            await().atMost(PATIENCE).until(() -> reader.poll().stream().anyMatch(
                    r -> phone.deviceId().equals(r.key()) && r.value().contains(marker)));
            assertThat(ofPhone(reader, phone, EventTypes.DEVICE_DELETED)).hasSize(1);
            assertThat(ofPhone(reader, phone, EventTypes.DEVICE_DELETION_REQUESTED)).hasSize(4);
        }
    }

    @Test
    void aStuckSignOutIsAskedAgainWhenThePhoneRepeatsIt() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "EEA", false);
        await().atMost(PATIENCE).untilAsserted(() -> phone.call().get("/api/v1/devices/{id}", phone.deviceId())
                .then().statusCode(200).body("state", equalTo("BOUND")));
        try (TopicReader reader = new TopicReader(List.of(Topics.DEVICE_EVENTS))) {
            String flowId = phone.call().body(signOutBody("KEEP", null))
                    .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202)
                    .extract().path("flowId");
            for (int request = 2; request <= 3; request++) {
                MutableClock.INSTANCE.advance(PAST_DEADLINE);
                awaitEvents(reader, phone, EventTypes.DEVICE_SIGN_OUT_REQUESTED, request);
            }
            MutableClock.INSTANCE.advance(PAST_DEADLINE);
            awaitEvents(reader, phone, EventTypes.DEVICE_FLOW_STUCK, 1);
            phone.call().get("/api/v1/devices/{id}", phone.deviceId()).then().body("state", equalTo("SIGNING_OUT"))
                    .body("flowStuck", equalTo(true));

            phone.call().body(signOutBody("KEEP", null)).post("/api/v1/devices/{id}/sign-out", phone.deviceId())
                    .then().statusCode(202).body("flowId", equalTo(flowId));
            awaitEvents(reader, phone, EventTypes.DEVICE_SIGN_OUT_REQUESTED, 4);
            sessionsRevoked(phone, "SIGN_OUT", flowId);
            Session web = signInOnWeb(accountId);
            await().atMost(PATIENCE).untilAsserted(() -> web.call().get("/api/v1/devices/{id}", phone.deviceId())
                    .then().body("state", equalTo("SIGNED_OUT")).body("flowStuck", equalTo(false)));
        }
    }

    private static List<Received> awaitEvents(TopicReader reader, Session phone, String type, int count) {
        return await().atMost(PATIENCE).until(() -> ofPhone(reader, phone, type), list -> list.size() >= count);
    }

    private static List<Received> ofPhone(TopicReader reader, Session phone, String type) {
        Predicate<Received> ofType = r -> type.equals(r.header("ce_type"));
        return reader.poll().stream().filter(r -> phone.deviceId().equals(r.key())).filter(ofType).toList();
    }
}
