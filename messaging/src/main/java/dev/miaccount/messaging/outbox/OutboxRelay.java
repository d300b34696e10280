package dev.miaccount.messaging.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import dev.miaccount.messaging.ReceivedEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Publishes committed outbox rows to Kafka, in order per key, then marks them published.
 *
 * <p>It runs when PostgreSQL notifies that an outbox insert committed (so an event leaves right after its
 * transaction) and on a short sweep that retries whatever failed. A transaction-scoped advisory lock lets one
 * replica relay at a time, which keeps per-key order across replicas. Delivery is at least once: a crash between
 * the broker's ack and the update re-sends the row, and consumers drop the duplicate by its event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final long RELAY_LOCK = 0x6d69_6f75_7462_6f78L;
    private static final String NOTIFY_CHANNEL = "outbox_event";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(40);

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> emitter;
    private final URI source;
    private final int batchSize;
    private final Duration sweepInterval;
    private final Duration retention;
    private final PgConnectOptions listenOptions;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private PgSubscriber subscriber;
    private long sweepTimer = -1;
    private long cleanupTimer = -1;

    public OutboxRelay(Pool pool, Vertx vertx, @Channel("outbox") MutinyEmitter<String> emitter,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "miaccount.outbox.batch-size") int batchSize,
            @ConfigProperty(name = "miaccount.outbox.sweep-interval") Duration sweepInterval,
            @ConfigProperty(name = "miaccount.outbox.retention") Duration retention,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.pool = pool;
        this.vertx = vertx;
        this.emitter = emitter;
        this.source = URI.create(applicationName);
        this.batchSize = batchSize;
        this.sweepInterval = sweepInterval;
        this.retention = retention;
        this.listenOptions = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(username).setPassword(password);
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, listenOptions);
        subscriber.reconnectPolicy(attempt -> 1000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> kick());
        subscriber.connect().subscribe().with(ok -> kick(),
                failure -> Log.warnf("outbox relay cannot LISTEN (%s); relying on the sweep", failure.getMessage()));
        sweepTimer = vertx.setPeriodic(sweepInterval.toMillis(), id -> kick());
        cleanupTimer = vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> deletePublished());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
        vertx.cancelTimer(cleanupTimer);
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** Asks for a relay run; runs never overlap, and a request during a run causes one more run. */
    public void kick() {
        pending.set(true);
        if (running.compareAndSet(false, true)) {
            runOnce();
        }
    }

    private void runOnce() {
        pending.set(false);
        relayBatch().subscribe().with(result -> {
            boolean more = result.published() == batchSize || (pending.get() && result.failed() == 0);
            finishRun(more);
        }, failure -> {
            Log.warnf("outbox relay run failed: %s", failure.getMessage());
            finishRun(false);
        });
    }

    private void finishRun(boolean more) {
        if (more) {
            runOnce();
            return;
        }
        running.set(false);
        // a kick that arrived between the check and the reset must not be lost
        if (pending.get() && running.compareAndSet(false, true)) {
            runOnce();
        }
    }

    private record Pending(UUID id, String topic, String key, String type, String subject, String flowId,
            String payload, OffsetDateTime createdAt) {

        static Pending of(Row row) {
            return new Pending(row.getUUID("id"), row.getString("topic"), row.getString("message_key"),
                    row.getString("type"), row.getString("subject"), row.getString("flow_id"),
                    row.getString("payload"), row.getOffsetDateTime("created_at"));
        }
    }

    private record BatchResult(int published, int failed) {
    }

    Uni<BatchResult> relayBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                .flatMap(rows -> rows.iterator().next().getBoolean(0)
                        ? publishPending(connection)
                        : Uni.createFrom().item(new BatchResult(0, 0))));
    }

    private Uni<BatchResult> publishPending(SqlConnection connection) {
        return connection.preparedQuery("SELECT id, topic, message_key, type, subject, flow_id, payload, created_at"
                + " FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT $1")
                .execute(Tuple.of(batchSize))
                .flatMap(rows -> {
                    Map<String, List<Pending>> byKey = new LinkedHashMap<>();
                    rows.forEach(row -> {
                        Pending p = Pending.of(row);
                        byKey.computeIfAbsent(p.topic() + '\u0000' + p.key(), k -> new ArrayList<>()).add(p);
                    });
                    if (byKey.isEmpty()) {
                        return Uni.createFrom().item(new BatchResult(0, 0));
                    }
                    int total = rows.size();
                    List<Uni<List<UUID>>> chains = byKey.values().stream().map(this::publishInOrder).toList();
                    return Uni.join().all(chains).andFailFast().flatMap(lists -> {
                        UUID[] published = lists.stream().flatMap(List::stream).toArray(UUID[]::new);
                        if (published.length == 0) {
                            return Uni.createFrom().item(new BatchResult(0, total));
                        }
                        return connection.preparedQuery(
                                "UPDATE outbox_event SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1)")
                                .execute(Tuple.of(published))
                                .replaceWith(new BatchResult(published.length, total - published.length));
                    });
                });
    }

    /** Sends one key's events one after the other; stops at the first failure so that order holds. */
    private Uni<List<UUID>> publishInOrder(List<Pending> events) {
        List<UUID> published = new ArrayList<>();
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> send(event).invoke(() -> published.add(event.id())))
                .collect().last()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("outbox relay could not publish to %s (will retry): %s", events.get(0).topic(),
                            failure.getMessage());
                    return null;
                })
                .map(ignored -> published);
    }

    private Uni<Void> send(Pending event) {
        OutgoingCloudEventMetadata<String> cloudEvent = OutgoingCloudEventMetadata.<String>builder()
                .withId(event.id().toString())
                .withSource(source)
                .withType(event.type())
                .withSubject(event.subject())
                .withTimestamp(event.createdAt().atZoneSameInstant(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension(ReceivedEvent.FLOW_ID_EXTENSION, event.flowId())
                .build();
        OutgoingKafkaRecordMetadata<String> record = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic())
                .withKey(event.key())
                .build();
        return emitter.sendMessage(Message.of(event.payload(), Metadata.of(cloudEvent, record)))
                .ifNoItem().after(SEND_TIMEOUT).fail();
    }

    private void deletePublished() {
        pool.preparedQuery("DELETE FROM outbox_event WHERE published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .subscribe().with(rows -> Log.debugf("deleted %d published outbox rows", rows.rowCount()),
                        failure -> Log.warnf("outbox cleanup failed: %s", failure.getMessage()));
    }
}
