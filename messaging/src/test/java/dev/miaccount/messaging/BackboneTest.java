package dev.miaccount.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.miaccount.testing.RealInfrastructure;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The backbone's promises, checked against the real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "messaging_test"))
class BackboneTest {

    private static final String DLQ = "backbone-test-events.messaging-test.dlq";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static TopicWriter writer;

    @BeforeAll
    static void openWriter() {
        writer = new TopicWriter();
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    void aBurstOnManyKeysLeavesEachEventOnceInItsKeysOrder() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int keys = 20;
        int perKey = 10;
        String marker = "marker-" + run;
        try (TopicReader reader = new TopicReader(List.of(BackboneTestApp.TOPIC))) {
            // eight writers at once: the relay's runs and its keys' chains overlap
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<?>> posted = new java.util.ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String key = "burst-" + run + "-" + k;
                posted.add(writers.submit(() -> {
                    for (int n = 0; n < perKey; n++) {
                        given().post("/test/notes/{key}?text=n" + n, key).then().statusCode(200);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : posted) {
                f.get();
            }
            writers.shutdown();
            // the marker is committed after every note of the burst: once it is out, a late duplicate would be too
            given().post("/test/notes/{key}?text=last", marker).then().statusCode(200);
            // (poll answers everything read so far)
            await().atMost(PATIENCE).until(() -> ofRun(reader.poll(), run, marker).stream()
                    .filter(r -> r.key().equals(marker)).count() == 1
                    && ofRun(reader.poll(), run, marker).size() >= keys * perKey + 1);
            List<TopicReader.Received> seen = ofRun(reader.poll(), run, marker);
            assertThat(seen).hasSize(keys * perKey + 1);
            assertThat(seen.stream().map(r -> r.header("ce_id")).distinct()).hasSize(keys * perKey + 1);
            for (int k = 0; k < keys; k++) {
                String key = "burst-" + run + "-" + k;
                assertThat(seen.stream().filter(r -> r.key().equals(key)).map(r -> r.value()).toList())
                        .as("key %s in order", key)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perKey)
                                .mapToObj(n -> "{\"key\":\"" + key + "\",\"text\":\"n" + n + "\"}").toList());
            }
        }
    }

    private static List<TopicReader.Received> ofRun(List<TopicReader.Received> records, String run, String marker) {
        return records.stream().filter(r -> r.key().startsWith("burst-" + run) || r.key().equals(marker)).toList();
    }

    @Test
    void anEventLeavesIfAndOnlyIfItsTransactionCommits() {
        String key = "note-" + UUID.randomUUID();
        try (TopicReader reader = new TopicReader(List.of(BackboneTestApp.TOPIC))) {
            given().post("/test/notes/{key}?text=rolled-back&fail=true", key).then().statusCode(200);
            given().post("/test/notes/{key}?text=committed", key).then().statusCode(200);

            // Same key, same partition: once the committed event is there, an event of the rolled-back
            // transaction would have been read before it.
            List<TopicReader.Received> ofKey = await().atMost(PATIENCE).until(
                    () -> reader.poll().stream().filter(r -> key.equals(r.key())).toList(),
                    records -> records.stream().anyMatch(r -> r.value().contains("committed")));

            assertThat(ofKey).hasSize(1);
            TopicReader.Received event = ofKey.get(0);
            assertThat(event.value()).isEqualTo("{\"key\":\"" + key + "\",\"text\":\"committed\"}");
            assertThat(event.header("ce_specversion")).isEqualTo("1.0");
            assertThat(event.header("ce_type")).isEqualTo(BackboneTestApp.NOTE_CREATED);
            assertThat(event.header("ce_source")).isEqualTo("messaging-test");
            assertThat(event.header("ce_subject")).isEqualTo(key);
            assertThat(UUID.fromString(event.header("ce_id"))).isNotNull();
            assertThat(UUID.fromString(event.header("ce_flowid"))).isNotNull();
            assertThat(event.header("ce_time")).isNotBlank();
        }
    }

    @Test
    void aDuplicateDeliveryHasNoSecondEffect() {
        String subject = "dup-" + UUID.randomUUID();
        String marker = "marker-" + UUID.randomUUID();
        Map<String, String> headers = TopicWriter.cloudEventHeaders(UUID.randomUUID().toString(),
                BackboneTestApp.COUNTED, "test", subject, UUID.randomUUID().toString());
        writer.send(BackboneTestApp.TOPIC, subject, "{}", headers);
        writer.send(BackboneTestApp.TOPIC, subject, "{}", headers);
        writer.send(BackboneTestApp.TOPIC, subject, "{}", TopicWriter.cloudEventHeaders(
                UUID.randomUUID().toString(), BackboneTestApp.COUNTED, "test", marker, UUID.randomUUID().toString()));

        // The marker follows both copies on the same partition: when it is applied, both copies were handled.
        await().atMost(PATIENCE).until(() -> counter(marker) == 1);
        assertThat(counter(subject)).isEqualTo(1);
    }

    @Test
    void anEventOfATypeTheConsumerDoesNotHandleIsRecordedAsPassedWithoutRunningTheEffect() {
        String subject = "not-handled-" + UUID.randomUUID();
        String marker = "after-not-handled-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        writer.send(BackboneTestApp.TOPIC, subject, "{}", TopicWriter.cloudEventHeaders(eventId,
                BackboneTestApp.NOT_HANDLED, "test", subject, UUID.randomUUID().toString()));
        writer.send(BackboneTestApp.TOPIC, subject, "{}", TopicWriter.cloudEventHeaders(
                UUID.randomUUID().toString(), BackboneTestApp.COUNTED, "test", marker, UUID.randomUUID().toString()));

        // The marker follows it on the same partition: once the marker is applied, the other one was passed over.
        await().atMost(PATIENCE).until(() -> counter(marker) == 1);
        assertThat(counter(subject)).isZero();
        // recorded as passed (operators ask "did this consumer get past it?"), by one statement, not a transaction
        assertThat(given().get("/test/processed/{eventId}", eventId).then().statusCode(200).extract().asString())
                .isEqualTo("1");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicAndTheNextRecordIsProcessed() {
        String key = "poison-" + UUID.randomUUID();
        String next = "after-poison-" + UUID.randomUUID();
        try (TopicReader deadLetters = new TopicReader(List.of(DLQ))) {
            writer.send(BackboneTestApp.TOPIC, key, "not a cloud event " + key, Map.of());
            writer.send(BackboneTestApp.TOPIC, key, "{}", TopicWriter.cloudEventHeaders(
                    UUID.randomUUID().toString(), BackboneTestApp.COUNTED, "test", next, UUID.randomUUID().toString()));

            await().atMost(PATIENCE).until(() -> deadLetters.poll().stream()
                    .anyMatch(r -> r.value().equals("not a cloud event " + key)));
            await().atMost(PATIENCE).until(() -> counter(next) == 1);
        }
    }

    @Test
    void aTransientFailureIsRetriedForAsLongAsItLastsWhileThePartitionWaitsAndReadinessSaysWhy() {
        String key = "flaky-" + UUID.randomUUID();
        String next = "after-flaky-" + UUID.randomUUID();
        given().post("/test/outages/{subject}?on=true", key).then().statusCode(200);
        try {
            writer.send(BackboneTestApp.TOPIC, key, "{}", TopicWriter.cloudEventHeaders(UUID.randomUUID().toString(),
                    BackboneTestApp.FLAKY, "test", key, UUID.randomUUID().toString()));
            writer.send(BackboneTestApp.TOPIC, key, "{}", TopicWriter.cloudEventHeaders(UUID.randomUUID().toString(),
                    BackboneTestApp.COUNTED, "test", next, UUID.randomUUID().toString()));

            // far beyond the retries an unexpected failure gets: a transient one is never dead-lettered
            await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .body(containsString("backbone-in"), containsString("ConnectException"),
                            containsString("the database cannot be reached")));
            await().pollDelay(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> true);
            assertThat(counter(key)).isZero();
            assertThat(counter(next)).as("the record behind it on the same partition waits").isZero();
        } finally {
            given().post("/test/outages/{subject}?on=false", key).then().statusCode(200);
        }
        await().atMost(PATIENCE).until(() -> counter(next) == 1);
        assertThat(counter(key)).isEqualTo(1);
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    void anEffectThatSaysItCanNeverBeAppliedGoesToTheDeadLetterTopicAtOnce() {
        String key = "rule-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();
        String next = "after-rule-" + UUID.randomUUID();
        try (TopicReader deadLetters = new TopicReader(List.of(DLQ))) {
            writer.send(BackboneTestApp.TOPIC, key, "{}", TopicWriter.cloudEventHeaders(id,
                    BackboneTestApp.VIOLATES_A_RULE, "test", key, UUID.randomUUID().toString()));
            writer.send(BackboneTestApp.TOPIC, key, "{}", TopicWriter.cloudEventHeaders(UUID.randomUUID().toString(),
                    BackboneTestApp.COUNTED, "test", next, UUID.randomUUID().toString()));
            TopicReader.Received dead = await().atMost(PATIENCE).until(() -> deadLetters.poll().stream()
                    .filter(r -> id.equals(r.header("ce_id"))).findFirst().orElse(null), r -> r != null);
            assertThat(dead.header("dead-letter-reason")).contains("breaks a rule for good");
            assertThat(dead.header("dead-letter-topic")).isEqualTo(BackboneTestApp.TOPIC);
            assertThat(dead.key()).isEqualTo(key);
            await().atMost(PATIENCE).until(() -> counter(next) == 1);
        }
    }

    @Test
    void aRowThatCannotBePublishedRecordsWhyAndHoldsBackOnlyItsOwnKey() {
        String blocked = "blocked-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        try (TopicReader reader = new TopicReader(List.of(BackboneTestApp.TOPIC))) {
            // the broker creates no topic on first use: this send can never succeed
            given().post("/test/notes/{key}?text=lost&topic=no-such-topic", blocked).then().statusCode(200);
            given().post("/test/notes/{key}?text=behind&topic=no-such-topic", blocked).then().statusCode(200);
            given().post("/test/notes/{key}?text=free", other).then().statusCode(200);

            await().atMost(PATIENCE).until(() -> reader.poll().stream().anyMatch(r -> other.equals(r.key())));
            // the other key did not wait for the blocked send to give up (the producer's delivery timeout, 30 s)
            assertThat(outboxRows(blocked).get(0)).as("the blocked event, when the other key's was published")
                    .startsWith("false|0|");
            // its failure is recorded once the producer gives up: delivery.timeout.ms (30 s) after the send began
            await().atMost(PATIENCE.plusSeconds(30)).until(() -> outboxRows(blocked).get(0).startsWith("false|1|"));
            List<String> rows = outboxRows(blocked);
            assertThat(rows.get(0)).containsIgnoringCase("topic");
            assertThat(rows.get(1)).as("its key's next event waits behind it").isEqualTo("false|0|");
            assertThat(reader.poll()).noneMatch(r -> blocked.equals(r.key()));
        } finally {
            given().delete("/test/outbox/{key}", blocked).then().statusCode(200);
        }
    }

    @Test
    void anotherReplicaTakesTheRelayOverWithinTheLeaseTimeWhenItsHolderDies() {
        String key = "takeover-" + UUID.randomUUID();
        try (TopicReader reader = new TopicReader(List.of(BackboneTestApp.TOPIC))) {
            // Another replica renewed its 5 s lease and died at once: the worst case. This one learns at its next
            // renewal (within a second) that the lease is not its own; an event committed then must wait.
            given().post("/test/lease/dead-holder?seconds=5").then().statusCode(200);
            long died = System.nanoTime();
            await().pollDelay(Duration.ofMillis(1500)).atMost(PATIENCE).until(() -> true);
            given().post("/test/notes/{key}?text=after-takeover", key).then().statusCode(200);
            await().atMost(PATIENCE).until(() -> reader.poll().stream().anyMatch(r -> key.equals(r.key())));
            double seconds = (System.nanoTime() - died) / 1e9;
            System.out.printf("outbox relay taken over %.1f s after its holder died (lease time 5 s)%n", seconds);
            assertThat(seconds).isBetween(4.0, 8.0);
        }
    }

    @Test
    void anEffectThatKeepsFailingIsRetriedThenDeadLetteredWithoutBlockingTheNext() {
        String failing = "failing-" + UUID.randomUUID();
        String next = "after-failing-" + UUID.randomUUID();
        String failingId = UUID.randomUUID().toString();
        try (TopicReader deadLetters = new TopicReader(List.of(DLQ))) {
            writer.send(BackboneTestApp.TOPIC, failing, "{}", TopicWriter.cloudEventHeaders(failingId,
                    BackboneTestApp.ALWAYS_FAILS, "test", failing, UUID.randomUUID().toString()));
            writer.send(BackboneTestApp.TOPIC, failing, "{}", TopicWriter.cloudEventHeaders(
                    UUID.randomUUID().toString(), BackboneTestApp.COUNTED, "test", next, UUID.randomUUID().toString()));

            TopicReader.Received dead = await().atMost(PATIENCE).until(() -> deadLetters.poll().stream()
                    .filter(r -> failingId.equals(r.header("ce_id"))).findFirst().orElse(null), r -> r != null);
            assertThat(dead.header("dead-letter-reason")).contains("this effect always fails");
            await().atMost(PATIENCE).until(() -> counter(next) == 1);
            assertThat(counter(failing)).isZero();
        }
    }

    private static List<String> outboxRows(String key) {
        return given().get("/test/outbox/{key}", key).then().statusCode(200).extract().jsonPath().getList(".",
                String.class);
    }

    private static int counter(String subject) {
        return given().get("/test/counters/{subject}", subject).then().statusCode(200).extract().asString().transform(Integer::parseInt);
    }
}
