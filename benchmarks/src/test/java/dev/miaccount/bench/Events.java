package dev.miaccount.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;

/**
 * Everything the three services publish from now on, read as it comes: which phones are
 * bound, and per flow its final device events and its alerts with their recorded time ({@code ce_time}).
 */
final class Events implements AutoCloseable {

    /** One event of a flow: its type and when its producer recorded it (epoch ms). */
    record Seen(String type, long recordedEpochMillis) {
    }

    private final Map<String, List<Seen>> byFlow = new ConcurrentHashMap<>();
    private final Map<String, Boolean> bound = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stop;

    Events(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS, Topics.NOTIFICATION_EVENTS)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixed now: nothing published after this constructor is missed
        thread = new Thread(() -> {
            try (consumer) {
                while (!stop) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        accept(record);
                    }
                }
            }
        }, "bench-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void accept(ConsumerRecord<String, String> record) {
        String type = header(record, "ce_type");
        String flowId = header(record, "ce_flowid");
        if (EventTypes.DEVICE_BOUND.equals(type)) {
            bound.put(header(record, "ce_subject"), Boolean.TRUE);
        }
        if (flowId != null && type != null) {
            long at = OffsetDateTime.parse(header(record, "ce_time")).toInstant().toEpochMilli();
            byFlow.computeIfAbsent(flowId, f -> new CopyOnWriteArrayList<>()).add(new Seen(type, at));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    boolean isBound(String deviceId) {
        return bound.containsKey(deviceId);
    }

    /** The events of one flow seen so far, of the given type. */
    List<Seen> of(String flowId, String type) {
        return byFlow.getOrDefault(flowId, List.of()).stream().filter(s -> s.type().equals(type)).toList();
    }

    /** When the flow's alert was recorded (epoch ms), or -1 while there is none. */
    long alertedAt(String flowId) {
        List<Seen> alerts = of(flowId, EventTypes.NOTIFICATION_SENT);
        return alerts.isEmpty() ? -1 : alerts.get(0).recordedEpochMillis();
    }

    /**
     * Per step of a flow (one event type to the next, in order), the median time between the producers' records:
     * where a flow spends its time.
     */
    String stages(List<String> flowIds, List<String> types) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < types.size(); i++) {
            List<Double> gaps = new ArrayList<>();
            for (String flowId : flowIds) {
                List<Seen> from = of(flowId, types.get(i - 1));
                List<Seen> to = of(flowId, types.get(i));
                if (!from.isEmpty() && !to.isEmpty()) {
                    gaps.add((double) (to.get(0).recordedEpochMillis() - from.get(0).recordedEpochMillis()));
                }
            }
            Stats stats = Stats.ofMillis(gaps);
            out.append(String.format(java.util.Locale.ROOT, "%s%s → %s p50 %.0f ms p99 %.0f ms", i > 1 ? "; " : "",
                    shortName(types.get(i - 1)), shortName(types.get(i)), stats.p50(), stats.p99()));
        }
        return out.toString();
    }

    private static String shortName(String type) {
        return type.replaceFirst("^[a-z]+\\.", "").replaceFirst("\\.v1$", "");
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
    }
}
