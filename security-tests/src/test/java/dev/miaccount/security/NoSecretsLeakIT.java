package dev.miaccount.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.miaccount.events.EventTypes;
import dev.miaccount.testing.TopicWriter;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * S3, last of the suite: no password that was typed (right or wrong), no Argon2 hash, no access or step-up token
 * (nor its signature alone) and no verification code that was sent appears in any line any service logged or in
 * any record of any topic, dead-letter topics included, read from offset 0.
 *
 * <p>Secrets are found by their shape first and then looked up among those the suite handled: {@code pw-} and 20
 * characters for a password, runs of base64url for tokens and signatures, six digits standing alone (no letter or digit beside them) for a code (a
 * six-digit run right after a '.' is a fraction of a second and is not counted).
 */
@Order(6)
class NoSecretsLeakIT {

    private static final Pattern PASSWORD = Pattern.compile("pw-[A-Za-z0-9]{20}");
    private static final Pattern BASE64URL_RUN = Pattern.compile("[A-Za-z0-9_\\-]{20,}(?:\\.[A-Za-z0-9_\\-]*){0,2}");
    private static final Pattern SIX_DIGITS = Pattern.compile("(?<![0-9A-Za-z.])[0-9]{6}(?![0-9A-Za-z])");
    private static final String HASH = "$argon2";

    record Hit(String where, String kind, String context) {
    }

    @BeforeAll
    static void start() {
        Stack.start();
        Secrets.contributedBy(NoSecretsLeakIT.class);
    }

    @Test
    void noPasswordHashTokenOrCodeInAnyLogLineOrAnyRecordOfAnyTopic() throws Exception {
        // Every code the sandbox sent to an address of the suite counts as seen, also those no test read.
        Secrets.ADDRESSES.forEach(Api::noteCodesSentTo);
        System.out.printf("[NoSecretsLeakIT] looking for %d passwords, %d tokens and signatures, %d codes, and '%s'"
                + " (from %s)%n", Secrets.PASSWORDS.size(), Secrets.TOKENS.size(), Secrets.CODES.size(), HASH,
                Secrets.CONTRIBUTORS);
        assertThat(Secrets.PASSWORDS).as("passwords to look for").isNotEmpty();
        assertThat(Secrets.TOKENS).as("tokens to look for").isNotEmpty();
        assertThat(Secrets.CODES).as("codes to look for (the sandbox gateway is on in the local run)").isNotEmpty();

        // The detector itself finds what it looks for, in the shapes a leak would take.
        List<Hit> planted = new ArrayList<>();
        String password = Secrets.PASSWORDS.iterator().next();
        String token = Secrets.TOKENS.stream().filter(t -> t.startsWith("eyJ") && t.split("\\.").length == 3
                && t.split("\\.")[2].length() > 300).findFirst().orElseThrow();
        String code = Secrets.CODES.iterator().next();
        scan("self-check", "{\"password\":\"" + password + "\"} Authorization: Bearer " + token + " sig="
                + Jwts.signature(token) + " code is " + code + ". hash=$argon2id$v=19$m=7168", planted);
        assertThat(planted).extracting(Hit::kind).as("the detector finds planted secrets")
                .containsExactlyInAnyOrder("password hash", "password", "token", "token", "verification code");

        poisonTheConsumers();
        List<Hit> hits = new ArrayList<>();
        long lines = scanLogs(hits);
        Map<String, Long> records = scanTopics(hits);

        System.out.printf("[NoSecretsLeakIT] %d log lines in %s; %d records on %d topics: %s%n", lines, Stack.LOGS,
                records.values().stream().mapToLong(Long::longValue).sum(), records.size(), records);
        System.out.printf("[NoSecretsLeakIT] dead-letter topics: %s%n", records.keySet().stream()
                .filter(topic -> topic.endsWith(".dlq")).map(topic -> topic + "=" + records.get(topic)).toList());
        Map<String, Long> perKind = new TreeMap<>();
        hits.forEach(hit -> perKind.merge(hit.kind(), 1L, Long::sum));
        System.out.printf("[NoSecretsLeakIT] %d hits %s%n", hits.size(), perKind);
        hits.stream().limit(60).forEach(hit -> System.out.printf("  FOUND %s in %s: %s%n", hit.kind(), hit.where(),
                hit.context()));
        assertThat(lines).as("log lines scanned").isPositive();
        assertThat(records).as("topics scanned").isNotEmpty();
        assertThat(records.keySet()).as("dead-letter topics scanned (poison was sent)").anyMatch(t -> t.endsWith(".dlq"));
        assertThat(hits).as("secrets in logs or records").isEmpty();
    }

    /**
     * A record that is no CloudEvent and one whose data is no JSON, on each topic the services consume: they go to
     * the dead-letter topics, so that those exist and are read like every other topic.
     */
    private static void poisonTheConsumers() {
        try (TopicWriter writer = new TopicWriter(Stack.kafka())) {
            for (String topic : List.of("account-events", "device-events")) {
                writer.send(topic, "poison-" + UUID.randomUUID(), "not a cloud event", Map.of());
                writer.send(topic, "poison-" + UUID.randomUUID(), "{ not json", TopicWriter.cloudEventHeaders(
                        UUID.randomUUID().toString(), topic.startsWith("account") ? EventTypes.ACCOUNT_REGISTERED
                                : EventTypes.DEVICE_SIGNED_OUT, "security-tests", "0000000000", UUID.randomUUID().toString()));
            }
        }
        try {
            await().atMost(Duration.ofSeconds(20)).until(NoSecretsLeakIT::deadLetterRecords, n -> n >= 1);
        } catch (ConditionTimeoutException e) {
            // reported by the scan: no dead-letter topic then
        }
    }

    private static long deadLetterRecords() throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka());
        try (Admin client = Admin.create(admin)) {
            List<String> dlqs = client.listTopics().names().get(10, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.endsWith(".dlq")).toList();
            if (dlqs.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            client.describeTopics(dlqs).allTopicNames().get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .forEach((topic, description) -> description.partitions().forEach(p -> latest.put(
                            new TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
            return client.listOffsets(latest).all().get(10, java.util.concurrent.TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private static long scanLogs(List<Hit> hits) throws IOException {
        long count = 0;
        List<Path> files;
        try (Stream<Path> listing = Files.walk(Stack.LOGS)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            int number = 0;
            // ISO-8859-1 never fails to decode, and every secret looked for is ASCII
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                number++;
                count++;
                scan(file.getFileName() + ":" + number, line, hits);
            }
        }
        return count;
    }

    /** Every record of every topic (internal ones aside), from offset 0 to the end offsets read at the start. */
    private static Map<String, Long> scanTopics(List<Hit> hits) throws Exception {
        Map<String, Long> perTopic = new TreeMap<>();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka());
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin client = Admin.create(admin)) {
            Set<String> topics = client.listTopics(new ListTopicsOptions().listInternal(false)).names()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            Map<String, TopicDescription> described = client.describeTopics(topics).allTopicNames()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            described.forEach((topic, description) -> {
                perTopic.put(topic, 0L);
                description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            });
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "secrets-scan-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertThat(System.nanoTime()).as("read every topic to its end within 60 s").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    perTopic.merge(record.topic(), 1L, Long::sum);
                    String where = record.topic() + "/" + record.partition() + "@" + record.offset();
                    scan(where + " key", text(record.key()), hits);
                    scan(where + " value", text(record.value()), hits);
                    for (Header header : record.headers()) {
                        scan(where + " header " + header.key(), text(header.value()), hits);
                    }
                }
            }
        }
        return perTopic;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static void scan(String where, String text, List<Hit> hits) {
        if (text.isEmpty()) {
            return;
        }
        if (text.contains(HASH)) {
            hits.add(new Hit(where, "password hash", around(text, text.indexOf(HASH), HASH.length())));
        }
        Matcher password = PASSWORD.matcher(text);
        while (password.find()) {
            if (Secrets.PASSWORDS.contains(password.group())) {
                hits.add(new Hit(where, "password", around(text, password.start(), password.group().length())));
            }
        }
        Matcher run = BASE64URL_RUN.matcher(text);
        while (run.find()) {
            String candidate = run.group();
            boolean token = Secrets.TOKENS.contains(candidate);
            for (String part : candidate.split("\\.")) {
                token |= part.length() >= 20 && Secrets.TOKENS.contains(part);
            }
            if (token) {
                hits.add(new Hit(where, "token", around(text, run.start(), candidate.length())));
            }
        }
        Matcher digits = SIX_DIGITS.matcher(text);
        while (digits.find()) {
            if (Secrets.CODES.contains(digits.group())) {
                hits.add(new Hit(where, "verification code", around(text, digits.start(), 6)));
            }
        }
    }

    /** Where a secret was found, with the secret itself masked: the report must not leak it again. */
    private static String around(String text, int at, int length) {
        int from = Math.max(0, at - 60);
        int to = Math.min(text.length(), at + length + 60);
        String secret = text.substring(at, at + length);
        String masked = secret.substring(0, Math.min(4, secret.length())) + "***(" + length + " chars)";
        return (text.substring(from, at) + masked + text.substring(at + length, to)).replaceAll("\\s+", " ");
    }
}
