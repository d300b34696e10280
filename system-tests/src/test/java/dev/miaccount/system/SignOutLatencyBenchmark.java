package dev.miaccount.system;

import dev.miaccount.testing.SystemUnderTest;
import static dev.miaccount.system.Flows.PATIENCE;
import static dev.miaccount.system.Flows.awaitState;
import static dev.miaccount.system.Flows.devices;
import static dev.miaccount.system.Flows.register;
import static dev.miaccount.system.Flows.signInOnPhone;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.system.Flows.Account;
import dev.miaccount.system.Flows.Phone;
import dev.miaccount.testing.TopicReader;

/**
 * Not part of the suite (failsafe does not pick it up): the latency of the sign-out flow, from the 202 to the
 * alert recorded (notification.sent.v1), over 100 flows on the packaged services. Run:
 * {@code ./mvnw -B verify -pl system-tests -Dit.test=SignOutLatencyBenchmark} after a full build.
 */
class SignOutLatencyBenchmark {

    private static final int FLOWS = Integer.getInteger("flows", 100);

    @Test
    void signOutFlowLatency() {
        SystemUnderTest.stack();
        Account account = register();
        List<Long> millis = new ArrayList<>();
        try (TopicReader reader = new TopicReader(SystemUnderTest.kafka(), List.of(Topics.NOTIFICATION_EVENTS))) {
            for (int i = 0; i < FLOWS; i++) {
                Phone phone = signInOnPhone(account, false);
                awaitState(phone.token(), phone.deviceId(), "BOUND");
                String flowId = devices(phone.token()).body(Map.of("dataChoice", "KEEP"))
                        .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202)
                        .extract().path("flowId");
                long accepted = System.currentTimeMillis();
                TopicReader.Received alert = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                        .until(() -> reader.poll().stream()
                                .filter(r -> flowId.equals(r.header("ce_flowid")))
                                .filter(r -> EventTypes.NOTIFICATION_SENT.equals(r.header("ce_type")))
                                .findFirst().orElse(null), r -> r != null);
                long recorded = OffsetDateTime.parse(alert.header("ce_time")).toInstant().toEpochMilli();
                millis.add(recorded - accepted);
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("%nsign-out flow, 202 → alert recorded, %d flows: median %d ms, p99 %d ms, max %d ms%n%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
    }
}
