package dev.miaccount.notification.contact;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.events.AccountRegistered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.ProfileUpdated;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/** account-service's events, each applied once: new accounts and changed contacts. Other types are skipped. */
@ApplicationScoped
public class AccountEventsConsumer {

    private static final String CHANNEL = "account-events";

    private final IdempotentConsumer consumer;
    private final ContactService contacts;

    public AccountEventsConsumer(IdempotentConsumer consumer, ContactService contacts) {
        this.consumer = consumer;
        this.contacts = contacts;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return consumer.process(CHANNEL, message, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case EventTypes.ACCOUNT_REGISTERED -> contacts.registered(event.data(AccountRegistered.class),
                    event.flowId());
            case EventTypes.ACCOUNT_PROFILE_UPDATED -> contacts.profileUpdated(event.data(ProfileUpdated.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
