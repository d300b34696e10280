package dev.miaccount.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.notification.delivery.DeliveryCipher.UnreadableMessage;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs the delivery jobs that {@link DeliveryService#deliver} stores: every {@code miaccount.delivery.dispatch-interval}
 * it claims the PENDING deliveries that are due, in one statement ({@code FOR UPDATE SKIP LOCKED}, so replicas
 * never claim the same row), and moves each one's {@code next_attempt_at} a lease ahead
 * ({@code miaccount.delivery.lease}) while it sends: a process that dies while sending leaves the job to whoever
 * claims it when the lease runs out, and on start this dispatcher picks up whatever a previous process left.
 *
 * <p>Each claimed job is opened ({@link DeliveryCipher}) and handed to its channel's gateway with its delivery id
 * (the SMS provider's idempotency key, the email's Message-ID), outside any transaction; a second transaction
 * records the outcome: SENT; FAILED for a permanent refusal, an unreadable message (sealed under a key this process
 * does not hold) or a deadline passed ({@code expires_at}: a code's lifetime, {@code miaccount.delivery.max-age}
 * for the rest); otherwise due again after a capped exponential backoff. So a message is sent at least once, and a
 * repeat carries the same id.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    /** Margin of the lease over the longest attempt, for the outcome's own transaction. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    private static final String CLAIM = """
            UPDATE delivery d SET attempts = d.attempts + 1, next_attempt_at = $2
            FROM (SELECT id FROM delivery WHERE status = 'PENDING' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
            WHERE d.id = due.id
            RETURNING d.id, d.channel, d.attempts, d.expires_at, d.payload_key_id, d.payload""";

    /** A claimed job as read from its row: the sealed message only, never opened outside {@link #attempt}. */
    record Job(UUID deliveryId, Channel channel, int attempt, Instant expiresAt, String keyId, byte[] sealed) {

        static Job of(Row row) {
            OffsetDateTime expires = row.getOffsetDateTime("expires_at");
            io.vertx.mutiny.core.buffer.Buffer payload = row.getBuffer("payload");
            return new Job(row.getUUID("id"), Channel.valueOf(row.getString("channel")), row.getInteger("attempts"),
                    expires == null ? null : expires.toInstant(), row.getString("payload_key_id"),
                    payload == null ? null : payload.getBytes());
        }

        @Override
        public String toString() {
            return "Job[" + deliveryId + " " + channel + ", attempt " + attempt + "]";
        }
    }

    private final Vertx vertx;
    private final Pool pool;
    private final DeliveryService deliveries;
    private final DeliveryCipher cipher;
    private final Gateways gateways;
    private final Clock clock;
    private final Duration interval;
    private final Duration lease;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int batchSize;
    private final int maxInFlight;

    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean claimFailing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopped;
    private long tickTimer = -1;

    public DeliveryDispatcher(Vertx vertx, Pool pool, DeliveryService deliveries, DeliveryCipher cipher,
            Gateways gateways, Clock clock,
            @ConfigProperty(name = "miaccount.delivery.dispatch-interval") Duration interval,
            @ConfigProperty(name = "miaccount.delivery.lease") Duration lease,
            @ConfigProperty(name = "miaccount.delivery.retry.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "miaccount.delivery.retry.max-backoff") Duration maxBackoff,
            @ConfigProperty(name = "miaccount.delivery.batch-size") int batchSize,
            @ConfigProperty(name = "miaccount.delivery.max-in-flight") int maxInFlight) {
        this.vertx = vertx;
        this.pool = pool;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.gateways = gateways;
        this.clock = clock;
        this.interval = interval;
        this.lease = lease;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.batchSize = Math.max(1, batchSize);
        this.maxInFlight = Math.max(1, maxInFlight);
    }

    void start(@Observes StartupEvent event) {
        Duration longest = gateways.longestAttempt();
        if (lease.compareTo(longest.plus(LEASE_MARGIN)) < 0) {
            throw new IllegalStateException("miaccount.delivery.lease (" + lease + ") must exceed the longest attempt"
                    + " of a gateway (" + longest + ") by " + LEASE_MARGIN.toSeconds() + " s, or a slow attempt"
                    + " would be claimed again while it runs");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalStateException("miaccount.delivery.retry.initial-backoff must be positive and at most"
                    + " miaccount.delivery.retry.max-backoff");
        }
        tickTimer = vertx.setPeriodic(interval.toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        vertx.cancelTimer(tickTimer);
    }

    /** Claims what is due (as much as there is room for) and runs it; ticks never overlap their claims. */
    void tick() {
        if (stopped || !claiming.compareAndSet(false, true)) {
            return;
        }
        int room = Math.min(batchSize, maxInFlight - inFlight.get());
        if (room <= 0) {
            claiming.set(false);
            return;
        }
        Instant now = clock.instant();
        pool.preparedQuery(CLAIM).execute(Tuple.of(at(now), at(now.plus(lease)), room)).subscribe().with(
                (RowSet<Row> rows) -> {
                    claiming.set(false);
                    if (claimFailing.compareAndSet(true, false)) {
                        Log.info("delivery jobs can be claimed again");
                    }
                    for (Row row : rows) {
                        run(Job.of(row), now);
                    }
                }, failure -> {
                    claiming.set(false);
                    if (claimFailing.compareAndSet(false, true)) {
                        Log.warnf("delivery jobs cannot be claimed (%s); trying every %s", failure.getMessage(),
                                interval);
                    }
                });
    }

    /** What one attempt came to, to be recorded in its own transaction. */
    record Outcome(DeliveryStatus status, Instant retryAt, String why) {

        static Outcome sent() {
            return new Outcome(DeliveryStatus.SENT, null, null);
        }

        static Outcome failed(String why) {
            return new Outcome(DeliveryStatus.FAILED, null, why);
        }

        static Outcome retryAt(Instant at, String why) {
            return new Outcome(DeliveryStatus.PENDING, at, why);
        }
    }

    private void run(Job job, Instant claimedAt) {
        inFlight.incrementAndGet();
        attempt(job, claimedAt)
                .onFailure().recoverWithItem(e -> retryOrFail(job, GatewayException.transientFailure(
                        "unexpected: " + e.getClass().getSimpleName())))
                .subscribe().with(outcome -> onSafeContext(() -> record(job, outcome)
                        .onFailure().invoke(e -> Log.errorf("delivery %s: the outcome of attempt %d could not be"
                                + " recorded (%s); it is claimed again after the lease", job.deliveryId(),
                                job.attempt(), e.getMessage()))
                        .onTermination().invoke(inFlight::decrementAndGet)));
    }

    /** One attempt of a claimed job; it touches no database (the gateway answers on a thread of its own). */
    Uni<Outcome> attempt(Job job, Instant claimedAt) {
        if (job.sealed() == null) {
            return Uni.createFrom().item(Outcome.failed(
                    "unrecoverable: its message was not stored (left by an older version)"));
        }
        if (job.expiresAt() == null || !claimedAt.isBefore(job.expiresAt())) {
            return Uni.createFrom().item(Outcome.failed("not sent before its deadline"
                    + (job.expiresAt() == null ? "" : " " + job.expiresAt())));
        }
        OutboundMessage message;
        try {
            message = cipher.open(job.deliveryId(), job.keyId(), job.sealed());
        } catch (UnreadableMessage e) {
            return Uni.createFrom().item(Outcome.failed("unrecoverable: " + e.getMessage()));
        }
        Gateway gateway = gateways.of(job.channel());
        if (gateway == null) {
            return Uni.createFrom().item(Outcome.failed("no gateway for " + job.channel()));
        }
        return Uni.createFrom().deferred(() -> gateway.send(job.deliveryId(), message))
                .map(ok -> Outcome.sent())
                .onFailure(GatewayException.class)
                .recoverWithItem(failure -> retryOrFail(job, (GatewayException) failure));
    }

    /** A permanent failure ends the job; a transient one is tried again, unless that would be past its deadline. */
    private Outcome retryOrFail(Job job, GatewayException failure) {
        if (failure.isPermanent()) {
            return Outcome.failed(failure.getMessage());
        }
        Instant next = clock.instant().plus(backoff(job.attempt()));
        if (job.expiresAt() == null || !next.isBefore(job.expiresAt())) {
            return Outcome.failed("not sent before its deadline " + job.expiresAt() + ": " + failure.getMessage());
        }
        return Outcome.retryAt(next, failure.getMessage());
    }

    private Uni<Void> record(Job job, Outcome outcome) {
        return switch (outcome.status()) {
            case SENT -> deliveries.sent(job.deliveryId());
            case FAILED -> deliveries.failed(job.deliveryId(), job.attempt(), outcome.why());
            case PENDING -> deliveries.retryLater(job.deliveryId(), job.attempt(), outcome.retryAt(), outcome.why());
        };
    }

    /** initial × 2^(attempt−1), at most the cap, less up to a fifth at random so that retries spread out. */
    Duration backoff(int attempt) {
        long initial = initialBackoff.toMillis();
        long capped = attempt >= 31 ? maxBackoff.toMillis()
                : Math.min(maxBackoff.toMillis(), initial * (1L << Math.max(0, attempt - 1)));
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(1, capped - jitter));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Hibernate Reactive wants a safe duplicated Vert.x context of its own for each unit of work. */
    private void onSafeContext(Supplier<Uni<Void>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(ok -> {
        }, failure -> {
        }));
    }
}
