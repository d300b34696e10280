package dev.miaccount.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.infra.ProjectLayout;
import dev.miaccount.system.Flows.Account;
import dev.miaccount.testing.SystemUnderTest;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicWriter;

/**
 * R4 of issue 12: a poison record on every consumer channel — each service's and the dashboard's — lands in that
 * consumer's dead-letter topic (the dashboard, which owns nothing, skips it) and the record behind it is processed;
 * after a fix, the documented re-drive command ({@code ./redrive.sh}) brings dead-lettered records back and each is
 * processed exactly once, however often it is re-driven.
 */
class PoisonIT {

    private static final String ACCOUNT_DLQ_OF_DEVICE = Topics.deadLetter(Topics.ACCOUNT_EVENTS, "device-service");
    private static final String ACCOUNT_DLQ_OF_NOTIFICATION = Topics.deadLetter(Topics.ACCOUNT_EVENTS,
            "notification-service");
    private static final String DEVICE_DLQ_OF_ACCOUNT = Topics.deadLetter(Topics.DEVICE_EVENTS, "account-service");
    private static final String DEVICE_DLQ_OF_NOTIFICATION = Topics.deadLetter(Topics.DEVICE_EVENTS,
            "notification-service");
    private static final List<String> DLQS = List.of(ACCOUNT_DLQ_OF_DEVICE, ACCOUNT_DLQ_OF_NOTIFICATION,
            DEVICE_DLQ_OF_ACCOUNT, DEVICE_DLQ_OF_NOTIFICATION);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** A type no consumer applies: recorded as processed and skipped, as every consumer does with unknown types. */
    private static final String MARKER = "system-test.marker.v1";

    private static TopicWriter writer;

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
        writer = new TopicWriter(SystemUnderTest.kafka());
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aPoisonRecordOnEveryChannelIsDeadLetteredTheNextIsProcessedAndAReDrivenFixIsAppliedOnce() throws Exception {
        long started = System.nanoTime();
        Account account = Flows.register();
        // notification-service knows the account's address before any event about its phones (another topic)
        await().atMost(PATIENCE).until(() -> given().baseUri(SystemUnderTest.notification())
                .get("/api/v1/sandbox/messages?to={to}", account.email()).then().statusCode(200).extract()
                .jsonPath().getList(".").size() == 1);
        String newAccountId = accountId();
        String phoneId = "poisoned-" + UUID.randomUUID().toString().substring(0, 12);
        String notifications = "poison-" + UUID.randomUUID();

        // account-events (device-service, notification-service, the dashboard), keyed like the marker behind them
        String notACloudEvent = "not a cloud event " + UUID.randomUUID();
        String unreadableRegistration = UUID.randomUUID().toString();
        writer.send(Topics.ACCOUNT_EVENTS, newAccountId, notACloudEvent, Map.of());
        send(Topics.ACCOUNT_EVENTS, newAccountId, unreadableRegistration, EventTypes.ACCOUNT_REGISTERED, "{not json");
        String registration = send(Topics.ACCOUNT_EVENTS, newAccountId, UUID.randomUUID().toString(),
                EventTypes.ACCOUNT_REGISTERED, registered(newAccountId));
        // device-events (account-service, notification-service, the dashboard)
        String unreadableRequest = UUID.randomUUID().toString();
        String unreadableSignOut = UUID.randomUUID().toString();
        writer.send(Topics.DEVICE_EVENTS, phoneId, notACloudEvent, Map.of());
        send(Topics.DEVICE_EVENTS, phoneId, unreadableRequest, EventTypes.DEVICE_DELETION_REQUESTED, "{not json");
        send(Topics.DEVICE_EVENTS, phoneId, unreadableSignOut, EventTypes.DEVICE_SIGNED_OUT, "{\"deviceId\":");
        String signedOut = send(Topics.DEVICE_EVENTS, phoneId, UUID.randomUUID().toString(),
                EventTypes.DEVICE_SIGNED_OUT, deviceEvent(phoneId, account.accountId(), "SIGNED_OUT"));
        // notification-events (the dashboard)
        writer.send(Topics.NOTIFICATION_EVENTS, notifications, notACloudEvent, Map.of());
        send(Topics.NOTIFICATION_EVENTS, notifications, UUID.randomUUID().toString(), EventTypes.NOTIFICATION_SENT,
                "{\"notificationId\":\"" + UUID.randomUUID() + "\",\"accountId\":\"" + account.accountId()
                        + "\",\"kind\":\"WELCOME\",\"reason\":\"ACCOUNT_REGISTERED\",\"channel\":\"EMAIL\","
                        + "\"maskedDestination\":\"p***@example.com\",\"status\":\"SENT\",\"at\":\"" + Instant.now()
                        + "\"}");

        // every consumer went past its poison to the next record
        await().atMost(PATIENCE).until(() -> ServiceDatabases.processed("device", "account-events", registration)
                && ServiceDatabases.processed("notification", "account-events", registration)
                && ServiceDatabases.processed("account", "device-events", signedOut)
                && ServiceDatabases.processed("notification", "device-events", signedOut));
        assertThat(ServiceDatabases.number("device", "SELECT count(*) FROM known_account WHERE account_id = ?",
                newAccountId)).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> alertsAbout(account, phoneId) == 1);
        await().atMost(PATIENCE).until(() -> dashboardShows(notifications) && dashboardShows(phoneId)
                && dashboardShows(newAccountId));

        // and each poison is in the dead-letter topic of each consumer it poisons, with where it came from
        Map<String, List<TopicReader.Received>> dead = awaitDeadLetters(Map.of(
                ACCOUNT_DLQ_OF_DEVICE, List.of(notACloudEvent, unreadableRegistration),
                ACCOUNT_DLQ_OF_NOTIFICATION, List.of(notACloudEvent, unreadableRegistration),
                DEVICE_DLQ_OF_ACCOUNT, List.of(notACloudEvent, unreadableRequest),
                DEVICE_DLQ_OF_NOTIFICATION, List.of(notACloudEvent, unreadableSignOut)));
        dead.get(DEVICE_DLQ_OF_NOTIFICATION).stream().filter(r -> unreadableSignOut.equals(r.header("ce_id")))
                .forEach(r -> {
                    assertThat(r.header("dead-letter-topic")).isEqualTo(Topics.DEVICE_EVENTS);
                    assertThat(r.header("dead-letter-reason")).contains(unreadableSignOut);
                    assertThat(r.key()).isEqualTo(phoneId);
                });

        // Records that were dead-lettered before their cause was fixed: valid now, never applied by anyone.
        String fixedPhone = "redriven-" + UUID.randomUUID().toString().substring(0, 12);
        String fixedDeletion = UUID.randomUUID().toString();
        String fixedAccountId = accountId();
        String fixedRegistration = UUID.randomUUID().toString();
        deadLettered(DEVICE_DLQ_OF_NOTIFICATION, Topics.DEVICE_EVENTS, fixedPhone, fixedDeletion,
                EventTypes.DEVICE_DELETED, deviceEvent(fixedPhone, account.accountId(), "DELETED"));
        deadLettered(ACCOUNT_DLQ_OF_DEVICE, Topics.ACCOUNT_EVENTS, fixedAccountId, fixedRegistration,
                EventTypes.ACCOUNT_REGISTERED, registered(fixedAccountId));

        String firstRun = redrive(DLQS);
        // the same fixed record dead-lettered and re-driven once more: idempotency keeps it to one effect
        deadLettered(DEVICE_DLQ_OF_NOTIFICATION, Topics.DEVICE_EVENTS, fixedPhone, fixedDeletion,
                EventTypes.DEVICE_DELETED, deviceEvent(fixedPhone, account.accountId(), "DELETED"));
        String secondRun = redrive(List.of(DEVICE_DLQ_OF_NOTIFICATION));

        // markers behind the re-driven records, on their partitions: once they are processed, so is all before them
        String phoneMarker = send(Topics.DEVICE_EVENTS, fixedPhone, UUID.randomUUID().toString(), MARKER, "{}");
        String accountMarker = send(Topics.ACCOUNT_EVENTS, fixedAccountId, UUID.randomUUID().toString(), MARKER, "{}");
        await().atMost(PATIENCE).until(() -> ServiceDatabases.processed("notification", "device-events", phoneMarker)
                && ServiceDatabases.processed("account", "device-events", phoneMarker)
                && ServiceDatabases.processed("device", "account-events", accountMarker)
                && ServiceDatabases.processed("notification", "account-events", accountMarker));
        assertThat(alertsAbout(account, fixedPhone)).as("alerts for the re-driven deletion").isEqualTo(1);
        assertThat(ServiceDatabases.number("device", "SELECT count(*) FROM known_account WHERE account_id = ?",
                fixedAccountId)).isEqualTo(1);
        assertThat(ServiceDatabases.processed("account", "device-events", fixedDeletion)).isTrue();
        assertThat(ServiceDatabases.processed("notification", "account-events", fixedRegistration)).isTrue();
        // the poison, still poison, is back in the dead-letter topics, and the consumers went on past it again
        awaitDeadLetters(Map.of(DEVICE_DLQ_OF_NOTIFICATION, List.of(notACloudEvent, unreadableSignOut),
                ACCOUNT_DLQ_OF_DEVICE, List.of(notACloudEvent, unreadableRegistration)));

        System.out.printf("FAULT DRILL R4 poison on 4 service channels and the dashboard's: all dead-lettered with"
                + " their origin, the next record processed; re-drive: [%s] then [%s]; the fixed records applied"
                + " once each; %.1f s%n", firstRun.strip().replace('\n', ';'), secondRun.strip().replace('\n', ';'),
                (System.nanoTime() - started) / 1e9);
    }

    /** Runs the README's re-drive command; returns its summary lines. */
    private static String redrive(List<String> topics) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("./redrive.sh", "--bootstrap-servers",
                SystemUnderTest.kafka()));
        command.addAll(topics);
        Process process = new ProcessBuilder(command).directory(ProjectLayout.root().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().filter(line -> !line.startsWith("  ")).reduce("", (a, b) -> a + b + "\n");
    }

    private static Map<String, List<TopicReader.Received>> awaitDeadLetters(Map<String, List<String>> expected) {
        Map<String, List<TopicReader.Received>> found = new HashMap<>();
        try (TopicReader reader = new TopicReader(SystemUnderTest.kafka(), expected.keySet())) {
            await().atMost(PATIENCE).until(() -> {
                List<TopicReader.Received> all = reader.poll();
                return expected.entrySet().stream().allMatch(e -> e.getValue().stream().allMatch(marker -> all
                        .stream().anyMatch(r -> r.topic().equals(e.getKey())
                                && (marker.equals(r.value()) || marker.equals(r.header("ce_id")))
                                && r.header("dead-letter-topic") != null && r.header("dead-letter-reason") != null)));
            });
            reader.poll().forEach(r -> found.computeIfAbsent(r.topic(), t -> new java.util.ArrayList<>()).add(r));
        }
        return found;
    }

    /** A record as SmallRye's dead-letter queue writes it: the original key, value and headers, and where from. */
    private static void deadLettered(String deadLetterTopic, String topic, String key, String id, String type,
            String data) {
        Map<String, String> headers = new HashMap<>(TopicWriter.cloudEventHeaders(id, type, "system-test", key,
                UUID.randomUUID().toString()));
        headers.put("dead-letter-topic", topic);
        headers.put("dead-letter-partition", "0");
        headers.put("dead-letter-offset", "0");
        headers.put("dead-letter-reason", "dead-lettered before its cause was fixed");
        headers.put("dead-letter-exception-class-name", "dev.miaccount.messaging.PoisonEventException");
        writer.send(deadLetterTopic, key, data, headers);
    }

    private static String send(String topic, String key, String id, String type, String data) {
        writer.send(topic, key, data, TopicWriter.cloudEventHeaders(id, type, "system-test", key,
                UUID.randomUUID().toString()));
        return id;
    }

    private static String accountId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    private static String registered(String accountId) {
        // no personal part: nobody has a key for this account, so notification-service would open nothing anyway
        return "{\"accountId\":\"" + accountId + "\",\"createdAt\":\"" + Instant.now() + "\",\"personal\":null}";
    }

    private static String deviceEvent(String deviceId, String accountId, String state) {
        return "{\"deviceId\":\"" + deviceId + "\",\"accountId\":\"" + accountId + "\",\"state\":\"" + state
                + "\",\"model\":\"Xiaomi 15\",\"romRegion\":\"GLOBAL\",\"findDevice\":false,\"dataChoice\":\"KEEP\","
                + "\"sessionId\":null,\"at\":\"" + Instant.now() + "\"}";
    }

    private static long alertsAbout(Account account, String deviceId) {
        List<Map<String, Object>> messages = given().baseUri(SystemUnderTest.notification())
                .get("/api/v1/sandbox/messages?to={to}&limit=500", account.email()).then().statusCode(200).extract()
                .jsonPath().getList(".");
        return messages.stream().filter(m -> String.valueOf(m.get("subject")).startsWith("Security alert"))
                .filter(m -> String.valueOf(m.get("body")).contains("(" + deviceId + ")")).count();
    }

    private static boolean dashboardShows(String subject) {
        List<Object> events = given().baseUri(SystemUnderTest.dashboard())
                .get("/api/v1/events?subject={subject}", subject).then().statusCode(200).extract().jsonPath()
                .getList(".");
        return !events.isEmpty();
    }
}
