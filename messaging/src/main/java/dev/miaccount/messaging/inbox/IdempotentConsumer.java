package dev.miaccount.messaging.inbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.metrics.MessagingMetrics;
import dev.miaccount.messaging.inbox.ConsumerStalls.Stall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies an incoming event at most once per consumer. The event id is recorded in the same transaction as the
 * effect, so a redelivery, a replay from offset 0 or a restart half-way never doubles an effect.
 *
 * <p>What a failure does depends on its kind ({@link Failures}):
 * <ul>
 * <li>poison — the record is no CloudEvent, breaks the contract, or the effect says it can never be applied by
 * throwing {@link PoisonEventException}: nacked at once, and the connector moves it to the consumer's dead-letter
 * topic; the next record goes on;</li>
 * <li>transient — the database or broker is away, a timeout, a serialization failure or lock timeout: retried with
 * capped exponential backoff for as long as it lasts. The record is neither acked nor nacked meanwhile, so its
 * partition waits and per-key order holds; {@link ConsumerReadiness} reports the stall;</li>
 * <li>anything else — retried {@code miaccount.inbox.max-retries} times, then dead-lettered like poison.</li>
 * </ul>
 *
 * <p>Use it from an {@code @Incoming} method that takes the {@code Message} and acknowledges manually.
 */
@ApplicationScoped
public class IdempotentConsumer {

    /** The processed-event row of a type the consumer does not act on (the pool's spelling of recordFirstDelivery). */
    private static final String RECORD_FIRST_DELIVERY =
            "INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

    /** Attempts of one stall that are logged at WARN: the first few, then every this many. */
    private static final int LOG_EVERY = 20;

    private final ObjectMapper mapper;
    private final ConsumerStalls stalls;
    private final MessagingMetrics metrics;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Tracer tracer;
    private final Pool pool;

    public IdempotentConsumer(ObjectMapper mapper, ConsumerStalls stalls, MessagingMetrics metrics, Tracer tracer,
            Pool pool,
            @ConfigProperty(name = "miaccount.inbox.max-retries") int maxRetries,
            @ConfigProperty(name = "miaccount.inbox.initial-backoff") Duration initialBackoff,
            @ConfigProperty(name = "miaccount.inbox.max-backoff") Duration maxBackoff) {
        this.mapper = mapper;
        this.stalls = stalls;
        this.metrics = metrics;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.tracer = tracer;
        this.pool = pool;
    }

    /**
     * @param consumer names this consumer in the processed-events table (use the channel name)
     * @param effect   the event's effect; it runs inside the transaction and may append to the outbox. It throws
     *                 (or fails with) {@link PoisonEventException} when the event can never be applied.
     */
    public Uni<Void> process(String consumer, Message<String> message, Function<ReceivedEvent, Uni<Void>> effect) {
        return process(consumer, message, type -> true, effect);
    }

    /**
     * As {@link #process(String, Message, Function)}, for a consumer that acts on some of its topic's event types
     * only: a record of any other type is checked (a record that is no CloudEvent still goes to the dead-letter
     * topic), recorded as processed by one statement on the pool — no session, no transaction around it, since there
     * is no effect to apply once — and acknowledged. The row still says "this consumer went past this event" (what
     * operators and the tests ask), at a fraction of a transaction's cost; most of a flow's events reach consumers
     * that do not act on them.
     *
     * @param handles the event types {@code effect} acts on
     */
    public Uni<Void> process(String consumer, Message<String> message, Predicate<String> handles,
            Function<ReceivedEvent, Uni<Void>> effect) {
        metrics.channel(consumer);
        ReceivedEvent event;
        try {
            event = ReceivedEvent.from(message, mapper);
        } catch (PoisonEventException e) {
            return deadLetter(consumer, message, null, e);
        }
        if (!handles.test(event.type())) {
            // an outage is waited out like an effect's; anything else would fail every time: dead-lettered
            return pool.preparedQuery(RECORD_FIRST_DELIVERY).execute(Tuple.of(consumer, event.id()))
                    .onFailure(failure -> Failures.classify(failure) == Failures.Kind.TRANSIENT)
                    .retry().withBackOff(initialBackoff, maxBackoff).atMost(Long.MAX_VALUE)
                    .onItemOrFailure().transformToUni((rows, failure) -> {
                        if (failure != null) {
                            return deadLetter(consumer, message, event, failure);
                        }
                        metrics.ignored(consumer);
                        return Uni.createFrom().completionStage(message::ack);
                    });
        }
        // Every attempt runs on the record's own Vert.x context, where Hibernate Reactive may open its session;
        // the backoff's timer would otherwise resubscribe on a worker thread.
        Context context = Vertx.currentContext();
        // This step of the flow as a span, child of the connector's span for the record (which continues the
        // producer's traceparent). Made current on the record's context, so the events the effect appends to the
        // outbox carry it on (Outbox stores the current span).
        Span step = tracer.spanBuilder("apply " + event.type())
                .setAttribute("miaccount.consumer", consumer)
                .setAttribute("miaccount.event_id", event.id())
                .setAttribute("miaccount.flow_id", event.flowId())
                .startSpan();
        Scope current = context != null ? step.makeCurrent() : null;
        AtomicInteger unknownFailures = new AtomicInteger();
        Uni<Void> attempt = Uni.createFrom().deferred(() -> Panache.withTransaction(
                () -> recordFirstDelivery(consumer, event.id())
                        .flatMap(first -> first ? effect.apply(event).invoke(() -> metrics.applied(consumer))
                        : skipDuplicate(consumer, event).invoke(() -> metrics.duplicate(consumer)))));
        if (context != null) {
            attempt = attempt.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return attempt
                .onFailure(failure -> retry(consumer, event, failure, unknownFailures))
                .retry().withBackOff(initialBackoff, maxBackoff).atMost(Long.MAX_VALUE)
                .onTermination().invoke((ok, failure, cancelled) -> {
                    if (failure != null) {
                        step.setStatus(StatusCode.ERROR, Failures.describe(failure));
                    }
                    step.end();
                    if (current != null) {
                        current.close();
                    }
                })
                .onItemOrFailure().transformToUni((ok, failure) -> {
                    Stall stall = stalls.cleared(consumer, event.id());
                    if (failure != null) {
                        return deadLetter(consumer, message, event, failure);
                    }
                    if (stall != null) {
                        Log.infof("%s: event %s (%s) applied after %d failed attempts; the consumer waited %d ms",
                                consumer, event.id(), event.type(), stall.attempts(),
                                Duration.between(stall.since(), java.time.Instant.now()).toMillis());
                    }
                    return Uni.createFrom().completionStage(message::ack);
                });
    }

    /** Whether to try the event again after this failure; records the stall when so. */
    private boolean retry(String consumer, ReceivedEvent event, Throwable failure, AtomicInteger unknownFailures) {
        Failures.Kind kind = Failures.classify(failure);
        if (kind == Failures.Kind.POISON
                || (kind == Failures.Kind.UNKNOWN && unknownFailures.incrementAndGet() > maxRetries)) {
            return false;
        }
        metrics.retried(consumer, kind == Failures.Kind.TRANSIENT);
        String reason = Failures.describe(failure);
        Stall stall = stalls.failed(consumer, event.id(), event.type(), reason);
        if (stall.attempts() <= 3 || stall.attempts() % LOG_EVERY == 0) {
            Log.warnf("%s: event %s (%s) failed (%s, attempt %d): %s; %s", consumer, event.id(), event.type(),
                    kind == Failures.Kind.TRANSIENT ? "transient" : "unexpected", stall.attempts(), reason,
                    kind == Failures.Kind.TRANSIENT ? "retrying until it succeeds, its partition waits"
                            : "retrying at most " + maxRetries + " times");
        }
        return true;
    }

    private Uni<Boolean> recordFirstDelivery(String consumer, String eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :eventId) ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private static Uni<Void> skipDuplicate(String consumer, ReceivedEvent event) {
        Log.debugf("%s: event %s (%s) was processed before; skipped", consumer, event.id(), event.type());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> deadLetter(String consumer, Message<String> message, ReceivedEvent event,
            Throwable failure) {
        metrics.deadLettered(consumer);
        Log.warnf("%s: %s goes to the dead-letter topic: %s", consumer,
                event == null ? "a record" : "event " + event.id() + " (" + event.type() + ")",
                Failures.describe(failure));
        return Uni.createFrom().completionStage(() -> message.nack(failure));
    }
}
