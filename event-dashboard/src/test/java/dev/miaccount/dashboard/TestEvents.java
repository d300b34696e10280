package dev.miaccount.dashboard;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.miaccount.testing.TopicWriter;

/** CloudEvents as the outbox relay writes them, with fresh ids so that tests never see each other's events. */
final class TestEvents {

    private TestEvents() {
    }

    static String accountId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    static String deviceId() {
        return "test-phone." + UUID.randomUUID().toString().substring(0, 8);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** Now, to the millisecond, as ce_time carries it. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static Map<String, String> headers(String id, String type, String source, String subject, String flowId,
            Instant time) {
        Map<String, String> headers = new HashMap<>(TopicWriter.cloudEventHeaders(id, type, source, subject, flowId));
        if (time != null) {
            headers.put("ce_time", time.toString());
        }
        return headers;
    }

    /** Writes one CloudEvent keyed by its subject, as the services do. */
    static void write(TopicWriter writer, String topic, String id, String type, String source, String subject,
            String flowId, Instant time, String data) {
        writer.send(topic, subject, data, headers(id, type, source, subject, flowId, time));
    }
}
