package dev.miaccount.device.account;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.events.AccountRegistered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/** account-service's events, each applied once. Types this service does not need are recorded and skipped. */
@ApplicationScoped
public class AccountEventsConsumer {

    private static final String CHANNEL = "account-events";

    private final IdempotentConsumer consumer;
    private final KnownAccountService knownAccounts;

    public AccountEventsConsumer(IdempotentConsumer consumer, KnownAccountService knownAccounts) {
        this.consumer = consumer;
        this.knownAccounts = knownAccounts;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return consumer.process(CHANNEL, message, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case EventTypes.ACCOUNT_REGISTERED -> knownAccounts.registered(event.data(AccountRegistered.class));
            default -> Uni.createFrom().voidItem();
        };
    }
}
