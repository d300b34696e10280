package dev.miaccount.messaging.inbox;

import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Applies an incoming event at most once per consumer. The event id is recorded in the same transaction as the
 * effect, so a redelivery, a replay from offset 0 or a restart half-way never doubles an effect. A failing effect
 * is retried with backoff a bounded number of times; then, like a record that is no event of ours at all, it is
 * nacked and the connector moves it to the consumer's dead-letter topic, and the next record goes on.
 *
 * <p>Use it from an {@code @Incoming} method that takes the {@code Message} and acknowledges manually.
 */
@ApplicationScoped
public class IdempotentConsumer {

    private final ObjectMapper mapper;
    private final int maxRetries;
    private final Duration initialBackoff;

    public IdempotentConsumer(ObjectMapper mapper, @ConfigProperty(name = "miaccount.inbox.max-retries") int maxRetries,
            @ConfigProperty(name = "miaccount.inbox.initial-backoff") Duration initialBackoff) {
        this.mapper = mapper;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
    }

    /**
     * @param consumer names this consumer in the processed-events table (use the channel name)
     * @param effect   the event's effect; it runs inside the transaction and may append to the outbox
     */
    public Uni<Void> process(String consumer, Message<String> message, Function<ReceivedEvent, Uni<Void>> effect) {
        ReceivedEvent event;
        try {
            event = ReceivedEvent.from(message, mapper);
        } catch (PoisonEventException e) {
            return deadLetter(consumer, message, e);
        }
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> recordFirstDelivery(consumer, event.id())
                .flatMap(first -> first ? effect.apply(event) : skipDuplicate(consumer, event))))
                .onFailure(failure -> !(failure instanceof PoisonEventException))
                .retry().withBackOff(initialBackoff, initialBackoff.multipliedBy(10)).atMost(maxRetries)
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message::ack)
                        : deadLetter(consumer, message, failure));
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

    private static Uni<Void> deadLetter(String consumer, Message<String> message, Throwable failure) {
        Log.warnf("%s: record goes to the dead-letter topic: %s", consumer, failure.getMessage());
        return Uni.createFrom().completionStage(() -> message.nack(failure));
    }
}
