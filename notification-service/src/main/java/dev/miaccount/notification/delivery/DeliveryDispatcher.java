package dev.miaccount.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends through the real gateways only after the delivery row is committed: the consumer's transaction stores the
 * delivery PENDING and hands the message to this in-memory queue; each tick takes the queued messages whose row is
 * visible (committed) and still PENDING, sends them without blocking, and a second transaction records SENT or
 * FAILED and announces it. The message (a code, perhaps) is kept in memory only, never in the database; so a
 * delivery left PENDING by a crash cannot be sent again: the sweep marks it FAILED after
 * {@code miaccount.delivery.pending-timeout}, and the person asks again.
 */
@ApplicationScoped
public class DeliveryDispatcher {

    /** How long a queued message waits for its row to commit before it is dropped as rolled back. */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(30);

    record Job(UUID deliveryId, OutboundMessage message, String flowId, Gateway gateway, Instant queuedAt) {
    }

    private final Queue<Job> queued = new ConcurrentLinkedQueue<>();
    private final Vertx vertx;
    private final DeliveryService deliveries;
    private final Clock clock;
    private final Duration interval;
    private final Duration pendingTimeout;
    private long tickTimer = -1;
    private long sweepTimer = -1;

    public DeliveryDispatcher(Vertx vertx, DeliveryService deliveries, Clock clock,
            @ConfigProperty(name = "miaccount.delivery.dispatch-interval") Duration interval,
            @ConfigProperty(name = "miaccount.delivery.pending-timeout") Duration pendingTimeout) {
        this.vertx = vertx;
        this.deliveries = deliveries;
        this.clock = clock;
        this.interval = interval;
        this.pendingTimeout = pendingTimeout;
    }

    void start(@Observes StartupEvent event) {
        tickTimer = vertx.setPeriodic(interval.toMillis(), id -> tick());
        sweepTimer = vertx.setPeriodic(Math.max(1000, pendingTimeout.toMillis() / 5), id -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(tickTimer);
        vertx.cancelTimer(sweepTimer);
    }

    /** Called inside the transaction that stores the PENDING delivery; sending waits for its commit. */
    void enqueue(UUID deliveryId, OutboundMessage message, String flowId, Gateway gateway) {
        queued.add(new Job(deliveryId, message, flowId, gateway, Instant.now()));
    }

    private void tick() {
        List<Job> jobs = new ArrayList<>();
        for (Job job; (job = queued.poll()) != null;) {
            jobs.add(job);
        }
        for (Job job : jobs) {
            onSafeContext(() -> deliveries.status(job.deliveryId()), status -> {
                if (status == DeliveryStatus.PENDING) {
                    send(job);
                } else if (status == null && Duration.between(job.queuedAt(), Instant.now()).compareTo(COMMIT_WAIT) < 0) {
                    queued.add(job); // not committed yet
                } else if (status == null) {
                    Log.warnf("delivery %s was never committed; not sent", job.deliveryId());
                }
            }, failure -> {
                Log.warnf("delivery %s: cannot read its status (%s); trying again", job.deliveryId(),
                        failure.getMessage());
                queued.add(job);
            });
        }
    }

    private void send(Job job) {
        job.gateway().send(job.message()).subscribe().with(
                ok -> complete(job, null),
                failure -> complete(job, failure.getMessage() == null ? failure.getClass().getSimpleName()
                        : failure.getMessage()));
    }

    private void complete(Job job, String failure) {
        onSafeContext(() -> deliveries.complete(job.deliveryId(), failure, job.flowId()), ok -> {
        }, e -> Log.errorf("delivery %s: its outcome could not be recorded: %s", job.deliveryId(), e.getMessage()));
    }

    private void sweep() {
        onSafeContext(() -> deliveries.failStale(Instant.now(clock).minus(pendingTimeout)), count -> {
            if (count > 0) {
                Log.warnf("%d deliveries left PENDING (the service stopped before sending) are now FAILED", count);
            }
        }, e -> Log.warnf("sweep of stale deliveries failed: %s", e.getMessage()));
    }

    /** Hibernate Reactive wants a safe duplicated Vert.x context of its own for each unit of work. */
    private <T> void onSafeContext(Supplier<Uni<T>> work, Consumer<T> then, Consumer<Throwable> failed) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(then, failed));
    }
}
