package dev.miaccount.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.common.annotation.NonBlocking;

/**
 * What the services could not process: the records of every dead-letter topic ({@code <topic>.<service>.dlq}),
 * newest first, a bounded few — beside the live events, so an operator sees poison (and re-drives it, see the
 * README) without a Kafka tool. Values are masked like events and cut short.
 */
@ApplicationScoped
public class DeadLetters {

    static final int KEPT = 500;
    private static final int PREVIEW = 300;

    /** One dead letter as the page shows it. */
    public record DeadLetter(String topic, int partition, long offset, String key, String originalTopic,
            String reason, String type, Instant time, String preview) {
    }

    private final Deque<DeadLetter> newestFirst = new ArrayDeque<>();

    @Incoming("dead-letters")
    @NonBlocking
    public void consume(ConsumerRecord<String, String> record) {
        String value = record.value() == null ? "" : record.value();
        String preview = PersonalDataMasking.maskText(value.length() > PREVIEW ? value.substring(0, PREVIEW) + "…"
                : value);
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : PersonalDataMasking.maskText(record.key()),
                header(record, "dead-letter-topic"), header(record, "dead-letter-reason"), header(record, "ce_type"),
                Instant.ofEpochMilli(record.timestamp()), preview);
        synchronized (newestFirst) {
            newestFirst.addFirst(letter);
            while (newestFirst.size() > KEPT) {
                newestFirst.removeLast();
            }
        }
    }

    public List<DeadLetter> recent() {
        synchronized (newestFirst) {
            return List.copyOf(newestFirst);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null
                : PersonalDataMasking.maskText(new String(header.value(), StandardCharsets.UTF_8));
    }
}
