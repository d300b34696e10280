package dev.miaccount.infra;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Moves the records of dead-letter topics back to the topics they came from, once the cause is fixed:
 *
 * <pre>
 * ./redrive.sh [--bootstrap-servers host:port] [--dry-run] &lt;dead-letter topic&gt;...
 * </pre>
 *
 * Each record goes back to the topic named by its {@code dead-letter-topic} header (SmallRye's dead-letter queue
 * adds it, with {@code dead-letter-reason}, {@code -partition}, {@code -offset}), with its key, value and original
 * headers (its CloudEvent id included) and without the {@code dead-letter-*} ones; then it is deleted from the
 * dead-letter topic. Only the records there when the command starts move, so a record that fails again lands behind
 * them and stays. Every consumer of the topic reads a re-driven record again: the ones that applied it before skip it
 * by its event id, so re-driving is safe. {@code --dry-run} only lists what would move.
 */
public final class Redrive {

    static final String TOPIC_HEADER = "dead-letter-topic";
    static final String DEAD_LETTER_PREFIX = "dead-letter-";

    /** What one dead-letter topic gave back. */
    public record Result(String deadLetterTopic, int moved, int skipped, Map<String, Integer> byTopic) {
    }

    private Redrive() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the Kafka clients' chatter
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:" + System.getenv().getOrDefault("LOCAL_KAFKA_PORT", "9092"));
        boolean dryRun = false;
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = args[++i];
                case "--dry-run" -> dryRun = true;
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> topics.add(args[i]);
            }
        }
        if (topics.isEmpty()) {
            usage(System.err);
            System.exit(2);
        }
        for (String topic : topics) {
            Result result = run(bootstrap, topic, dryRun, System.out);
            System.out.printf("%s: %s %d record(s)%s%s%n", topic, dryRun ? "would move" : "moved", result.moved(),
                    result.byTopic().isEmpty() ? "" : " back to " + result.byTopic(),
                    result.skipped() == 0 ? "" : "; " + result.skipped() + " without a " + TOPIC_HEADER
                            + " header left in place");
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: redrive.sh [--bootstrap-servers host:port] [--dry-run] <dead-letter topic>...");
        out.println("  moves each record back to the topic in its dead-letter-topic header, then deletes it from");
        out.println("  the dead-letter topic; KAFKA_BOOTSTRAP_SERVERS (or 127.0.0.1:$LOCAL_KAFKA_PORT) by default");
    }

    /** Re-drives one dead-letter topic; {@code log} gets one line per record. */
    public static Result run(String bootstrapServers, String deadLetterTopic, boolean dryRun, PrintStream log) {
        Properties common = new Properties();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Properties consumerProps = new Properties();
        consumerProps.putAll(common);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "redrive-" + UUID.randomUUID()); // no offsets kept
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Properties producerProps = new Properties();
        producerProps.putAll(common);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
                Admin admin = Admin.create(common)) {
            List<PartitionInfo> infos = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("no topic " + deadLetterTopic);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));

            Map<TopicPartition, Long> moveUpTo = new HashMap<>();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            Map<String, Integer> byTopic = new LinkedHashMap<>();
            int skipped = 0;
            java.util.Set<TopicPartition> keepFromHere = new java.util.HashSet<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(tp)) {
                        continue; // arrived after the start: not ours
                    }
                    String target = header(record, TOPIC_HEADER);
                    if (target == null) {
                        skipped++;
                        keepFromHere.add(tp);
                        log.printf("  %s-%d@%d: no %s header, left in place%n", tp.topic(), tp.partition(),
                                record.offset(), TOPIC_HEADER);
                        continue; // what lies before it may be deleted; it, and what follows, stay
                    }
                    log.printf("  %s-%d@%d -> %s key=%s type=%s id=%s reason=%s%n", tp.topic(), tp.partition(),
                            record.offset(), target, text(record.key()), header(record, "ce_type"),
                            header(record, "ce_id"), header(record, "dead-letter-reason"));
                    byTopic.merge(target, 1, Integer::sum);
                    if (!keepFromHere.contains(tp)) {
                        moveUpTo.put(tp, record.offset() + 1);
                    }
                    if (!dryRun) {
                        RecordHeaders headers = new RecordHeaders();
                        for (Header header : record.headers()) {
                            if (!header.key().startsWith(DEAD_LETTER_PREFIX)) {
                                headers.add(header);
                            }
                        }
                        // null partition: the key picks it, as it did for the original record
                        sends.add(producer.send(new ProducerRecord<>(target, null, record.key(), record.value(),
                                headers)));
                    }
                }
            }
            if (dryRun) {
                return new Result(deadLetterTopic, byTopic.values().stream().mapToInt(Integer::intValue).sum(),
                        skipped, byTopic);
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get(); // every record is back before anything is deleted
            }
            if (!moveUpTo.isEmpty()) {
                admin.deleteRecords(moveUpTo.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> RecordsToDelete.beforeOffset(e.getValue())))).all().get();
            }
            return new Result(deadLetterTopic, sends.size(), skipped, byTopic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("re-drive of " + deadLetterTopic + " failed: " + e.getCause(), e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
