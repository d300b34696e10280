package dev.miaccount.messaging.outbox;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.Failures;
import dev.miaccount.messaging.tracing.TraceParents;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Publishes committed outbox rows to Kafka, in order per key, then marks them published.
 *
 * <p>It runs when PostgreSQL notifies that an outbox insert committed (so an event leaves right after its
 * transaction) and on a short sweep that retries whatever failed. No transaction is open while it waits for Kafka:
 * it reads the rows, sends them, and marks them in single statements.
 *
 * <ul>
 * <li>One replica relays at a time, which keeps per-key order across replicas: the holder of the lease row
 * {@code outbox_relay_lease}, renewed every fifth of {@code miaccount.outbox.lease-time} while its process lives.
 * When the holder dies, another replica takes the lease over once it has expired: within the lease time plus one
 * renewal tick. A holder that cannot renew stops sending before its lease runs out.</li>
 * <li>A row that fails records {@code last_error} and {@code attempts} and waits with capped exponential backoff
 * ({@code next_attempt_at}); its key's later rows wait behind it, every other key goes on: a run reads, per key,
 * only keys whose oldest unpublished row is not waiting. Each key's events are sent by a chain of their own; a run
 * does not wait for the chains, so a send that hangs (up to the producer's delivery timeout) holds back only its
 * own key.</li>
 * </ul>
 * Delivery is at least once: a crash between the broker's ack and the update re-sends the row, and consumers drop
 * the duplicate by its event id.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String LEASE = "outbox-relay";
    private static final String NOTIFY_CHANNEL = "outbox_event";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(40);
    /** Failures of one row logged at WARN: the first few, then every this many. */
    private static final int LOG_EVERY = 10;

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> emitter;
    private final URI source;
    private final int batchSize;
    private final Duration sweepInterval;
    private final Duration retention;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration leaseTime;
    private final String holder;
    private final PgConnectOptions listenOptions;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    /** System.nanoTime() until which this process may send; 0 while it does not hold the lease. */
    private volatile long leaseValidUntil;
    private final AtomicBoolean leaseQueryRunning = new AtomicBoolean();
    /** topic + key of the chains being sent: left out of the next runs until their rows are marked. */
    private final Set<String> keysInFlight = ConcurrentHashMap.newKeySet();
    /**
     * Keys whose chain has marked its rows, let go at the start of the next run only: a run whose SELECT began
     * before the marks committed still sees those rows unpublished, and must find their key in flight.
     */
    private final ConcurrentLinkedQueue<String> keysDone = new ConcurrentLinkedQueue<>();
    private PgSubscriber subscriber;
    private long sweepTimer = -1;
    private long leaseTimer = -1;
    private long cleanupTimer = -1;

    public OutboxRelay(Pool pool, Vertx vertx, @Channel("outbox") MutinyEmitter<String> emitter,
            @ConfigProperty(name = "quarkus.application.name") String applicationName,
            @ConfigProperty(name = "miaccount.outbox.batch-size") int batchSize,
            @ConfigProperty(name = "miaccount.outbox.sweep-interval") Duration sweepInterval,
            @ConfigProperty(name = "miaccount.outbox.retention") Duration retention,
            @ConfigProperty(name = "miaccount.outbox.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "miaccount.outbox.max-backoff") Duration maxBackoff,
            @ConfigProperty(name = "miaccount.outbox.lease-time") Duration leaseTime,
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
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.leaseTime = leaseTime;
        this.holder = applicationName + "@" + hostName() + "/" + UUID.randomUUID();
        this.listenOptions = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(username).setPassword(password);
    }

    void start(@Observes StartupEvent event) {
        subscriber = PgSubscriber.subscriber(vertx, listenOptions);
        subscriber.reconnectPolicy(attempt -> 1000L);
        subscriber.channel(NOTIFY_CHANNEL).handler(payload -> kick());
        subscriber.connect().subscribe().with(ok -> kick(),
                failure -> Log.warnf("outbox relay cannot LISTEN (%s); relying on the sweep", failure.getMessage()));
        leaseTimer = vertx.setPeriodic(Math.max(200, leaseTime.toMillis() / 5), id -> takeOrRenewLease());
        sweepTimer = vertx.setPeriodic(sweepInterval.toMillis(), id -> kick());
        cleanupTimer = vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> deletePublished());
        takeOrRenewLease();
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(sweepTimer);
        vertx.cancelTimer(leaseTimer);
        vertx.cancelTimer(cleanupTimer);
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
        if (holdsLease()) {
            leaseValidUntil = 0;
            // let another replica take over at once instead of after the lease time
            try {
                pool.preparedQuery("DELETE FROM outbox_relay_lease WHERE name = $1 AND holder = $2")
                        .execute(Tuple.of(LEASE, holder)).await().atMost(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                Log.debugf("outbox relay: lease not released (%s); it expires by itself", e.getMessage());
            }
        }
    }

    /** Asks for a relay run; runs never overlap, and a request during a run causes one more run. */
    public void kick() {
        pending.set(true);
        if (running.compareAndSet(false, true)) {
            runOnce();
        }
    }

    public boolean holdsLease() {
        return leaseValidUntil - System.nanoTime() > 0;
    }

    /** Takes the lease when it is free or expired, renews it when this process holds it. */
    void takeOrRenewLease() {
        if (!leaseQueryRunning.compareAndSet(false, true)) {
            return;
        }
        long asked = System.nanoTime();
        boolean held = holdsLease();
        pool.preparedQuery("INSERT INTO outbox_relay_lease (name, holder, expires_at)"
                + " VALUES ($1, $2, now() + make_interval(secs => $3))"
                + " ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at"
                + " WHERE outbox_relay_lease.holder = EXCLUDED.holder OR outbox_relay_lease.expires_at < now()"
                + " RETURNING holder")
                .execute(Tuple.of(LEASE, holder, leaseTime.toMillis() / 1000.0))
                .subscribe().with(rows -> {
                    leaseQueryRunning.set(false);
                    if (rows.size() == 1) {
                        // counted from before the query: the database's expiry is no earlier than this
                        leaseValidUntil = asked + leaseTime.toNanos();
                        if (!held) {
                            Log.infof("outbox relay: %s holds the relay lease now", holder);
                            kick();
                        }
                    } else {
                        if (held) {
                            Log.warnf("outbox relay: lost the relay lease to another replica");
                        }
                        leaseValidUntil = 0;
                    }
                }, failure -> {
                    leaseQueryRunning.set(false);
                    Log.debugf("outbox relay: cannot take or renew the lease: %s", failure.getMessage());
                });
    }

    private void runOnce() {
        pending.set(false);
        for (String key; (key = keysDone.poll()) != null;) {
            keysInFlight.remove(key);
        }
        // another run at once while a full batch started something; otherwise the chains' ends and the kicks ask
        relayBatch().subscribe().with(run -> finishRun(run.read() == batchSize && run.started() > 0),
                failure -> {
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
            String payload, OffsetDateTime createdAt, int attempts, String traceParent) {

        static Pending of(Row row) {
            return new Pending(row.getUUID("id"), row.getString("topic"), row.getString("message_key"),
                    row.getString("type"), row.getString("subject"), row.getString("flow_id"),
                    row.getString("payload"), row.getOffsetDateTime("created_at"), row.getInteger("attempts"),
                    row.getString("trace_parent"));
        }
    }

    private record Failed(Pending event, Throwable failure) {
    }

    record Run(int read, int started) {
    }

    /**
     * One run: reads what is due and starts sending it, key by key, without waiting for the sends. A key whose
     * events are still being sent (its chain in flight) is left out until its chain has marked what it sent and
     * what failed: per-key order holds, and a slow or failing send (a topic without metadata waits out the
     * producer's delivery timeout) holds back only its own key, never the events of other keys committed
     * meanwhile. A chain that ends asks for another run.
     *
     * @return how many rows were read (a full batch means there may be more) and how many keys' chains started
     */
    Uni<Run> relayBatch() {
        if (!holdsLease()) {
            return Uni.createFrom().item(new Run(0, 0));
        }
        return pool.preparedQuery("SELECT id, topic, message_key, type, subject, flow_id, payload, created_at,"
                + " attempts, trace_parent FROM outbox_event e WHERE published_at IS NULL AND NOT EXISTS ("
                + "   SELECT 1 FROM outbox_event w WHERE w.published_at IS NULL AND w.next_attempt_at > now()"
                + "   AND w.topic = e.topic AND w.message_key = e.message_key)"
                + " ORDER BY seq LIMIT $1")
                .execute(Tuple.of(batchSize))
                .map(rows -> {
                    Map<String, List<Pending>> byKey = new LinkedHashMap<>();
                    rows.forEach(row -> {
                        Pending p = Pending.of(row);
                        byKey.computeIfAbsent(p.topic() + '\u0000' + p.key(), k -> new ArrayList<>()).add(p);
                    });
                    int started = 0;
                    for (Map.Entry<String, List<Pending>> key : byKey.entrySet()) {
                        if (keysInFlight.add(key.getKey())) {
                            relayKey(key.getKey(), key.getValue());
                            started++;
                        }
                    }
                    return new Run(rows.size(), started);
                });
    }

    /** Sends one key's events in order, marks them, then lets the key be read again and asks for a run. */
    private void relayKey(String key, List<Pending> events) {
        List<UUID> published = new ArrayList<>();
        ConcurrentLinkedQueue<Failed> failed = new ConcurrentLinkedQueue<>();
        publishInOrder(events, published, failed)
                .flatMap(ignored -> markPublished(published))
                .flatMap(ignored -> markFailed(List.copyOf(failed)))
                .subscribe().with(ignored -> {
                    keysDone.add(key);
                    kick();
                }, failure -> {
                    // not marked: the rows are read and sent again (consumers drop the duplicates by event id)
                    Log.warnf("outbox relay: marking the events of key %s failed: %s", key, failure.getMessage());
                    keysDone.add(key);
                    kick();
                });
    }

    /** Sends one key's events one after the other; stops at the first failure so that order holds. */
    private Uni<Void> publishInOrder(List<Pending> events, List<UUID> published, ConcurrentLinkedQueue<Failed> failed) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> {
                    if (!holdsLease()) {
                        return Uni.createFrom().failure(new LeaseLost());
                    }
                    return send(event)
                            .invoke(() -> published.add(event.id()))
                            .onFailure().invoke(failure -> failed.add(new Failed(event, failure)));
                })
                .collect().last()
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> markPublished(List<UUID> published) {
        if (published.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE outbox_event SET published_at = now(), attempts = attempts + 1,"
                + " last_error = NULL, next_attempt_at = NULL WHERE id = ANY($1)")
                .execute(Tuple.of(published.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** Records each failure, its attempt and when its row (and with it its key) is tried again. */
    private Uni<Void> markFailed(List<Failed> failures) {
        List<Failed> recorded = failures.stream().filter(f -> !(f.failure() instanceof LeaseLost)).toList();
        if (recorded.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (Failed f : recorded) {
            int attempt = f.event().attempts() + 1;
            Duration wait = backoff(attempt);
            String error = Failures.describe(f.failure());
            if (attempt <= 3 || attempt % LOG_EVERY == 0) {
                Log.warnf("outbox relay: event %s (%s) to %s key %s not published (attempt %d, next in %d ms): %s",
                        f.event().id(), f.event().type(), f.event().topic(), f.event().key(), attempt,
                        wait.toMillis(), error);
            }
            batch.add(Tuple.of(f.event().id(), error.length() > 500 ? error.substring(0, 500) : error,
                    wait.toMillis() / 1000.0));
        }
        return pool.preparedQuery("UPDATE outbox_event SET attempts = attempts + 1, last_error = $2,"
                + " next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
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
        // The connector's producer span is a child of the span that appended the row and goes out as the record's
        // traceparent header; a row without one starts its own trace instead of joining whatever ran the relay.
        TracingMetadata trace = TracingMetadata.withCurrent(TraceParents.parent(event.traceParent()));
        return emitter.sendMessage(Message.of(event.payload(), Metadata.of(cloudEvent, record, trace)))
                .ifNoItem().after(SEND_TIMEOUT).fail();
    }

    private void deletePublished() {
        pool.preparedQuery("DELETE FROM outbox_event WHERE published_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .subscribe().with(rows -> Log.debugf("deleted %d published outbox rows", rows.rowCount()),
                        failure -> Log.warnf("outbox cleanup failed: %s", failure.getMessage()));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    /** This process no longer holds the lease: what is left is the new holder's. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the relay lease was lost", null, false, false);
        }
    }
}
