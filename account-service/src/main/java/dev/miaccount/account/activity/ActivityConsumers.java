package dev.miaccount.account.activity;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.messaging.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * The activity's own consumer group on account-events and device-events: it can be replayed from offset 0 to
 * rebuild the activity without touching the flows this service takes part in.
 */
@ApplicationScoped
public class ActivityConsumers {

    private static final String ACCOUNT_EVENTS = "activity-account-events";
    private static final String DEVICE_EVENTS = "activity-device-events";

    private final IdempotentConsumer consumer;
    private final ActivityProjection projection;

    public ActivityConsumers(IdempotentConsumer consumer, ActivityProjection projection) {
        this.consumer = consumer;
        this.projection = projection;
    }

    @Incoming(ACCOUNT_EVENTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> accountEvent(Message<String> message) {
        return consumer.process(ACCOUNT_EVENTS, message, ActivityProjection.SHOWN_TYPES::contains, projection::apply);
    }

    @Incoming(DEVICE_EVENTS)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> deviceEvent(Message<String> message) {
        return consumer.process(DEVICE_EVENTS, message, ActivityProjection.SHOWN_TYPES::contains, projection::apply);
    }
}
