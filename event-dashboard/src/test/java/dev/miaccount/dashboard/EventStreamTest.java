package dev.miaccount.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EventStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    EventWindow window;

    @Test
    void streamsANewEventAsItArrives() throws Exception {
        String accountId = TestEvents.accountId();
        String flowId = TestEvents.id();
        String eventId = TestEvents.id();
        Instant time = TestEvents.now();
        int before = window.subscribers();
        try (SseClient stream = new SseClient("/api/v1/events/stream")) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            await().atMost(PATIENCE).until(() -> window.subscribers() > before);

            try (TopicWriter writer = new TopicWriter()) {
                TestEvents.write(writer, Topics.ACCOUNT_EVENTS, eventId, EventTypes.ACCOUNT_REGISTERED,
                        "account-service", accountId, flowId, time, "{\"accountId\":\"" + accountId + "\"}");
            }

            await().atMost(PATIENCE).until(() -> stream.ids().contains(eventId));
            JsonNode event = stream.events().stream().filter(e -> e.path("id").asText().equals(eventId))
                    .findFirst().orElseThrow();
            assertThat(event.path("type").asText()).isEqualTo(EventTypes.ACCOUNT_REGISTERED);
            assertThat(event.path("source").asText()).isEqualTo("account-service");
            assertThat(event.path("subject").asText()).isEqualTo(accountId);
            assertThat(event.path("time").asText()).isEqualTo(time.toString());
            assertThat(event.path("flowId").asText()).isEqualTo(flowId);
            assertThat(event.path("data").path("accountId").asText()).isEqualTo(accountId);
        }
        await().atMost(PATIENCE).until(() -> window.subscribers() == before);
    }

    @Test
    void streamsOnlyWhatMatchesItsFilters() throws Exception {
        String deviceId = TestEvents.deviceId();
        String flowId = TestEvents.id();
        String otherFlow = TestEvents.id();
        String other = TestEvents.id();
        String wanted = TestEvents.id();
        int before = window.subscribers();
        try (SseClient stream = new SseClient("/api/v1/events/stream?flowId=" + flowId + "&subject=" + deviceId)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> window.subscribers() > before);

            try (TopicWriter writer = new TopicWriter()) {
                // same key, same partition: the other flow's event is read first
                TestEvents.write(writer, Topics.DEVICE_EVENTS, other, "device.signed-out.v1", "device-service",
                        deviceId, otherFlow, TestEvents.now(), "{\"deviceId\":\"" + deviceId + "\"}");
                TestEvents.write(writer, Topics.DEVICE_EVENTS, wanted, "device.signed-out.v1", "device-service",
                        deviceId, flowId, TestEvents.now(), "{\"deviceId\":\"" + deviceId + "\"}");
            }

            await().atMost(PATIENCE).until(() -> stream.ids().contains(wanted));
            assertThat(stream.ids()).containsExactly(wanted);
        }
    }
}
