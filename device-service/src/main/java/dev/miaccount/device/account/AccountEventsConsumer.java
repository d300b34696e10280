package dev.miaccount.device.account;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.miaccount.device.device.DeviceService;
import dev.miaccount.auth.TrackedSessions;
import dev.miaccount.events.AccountRegistered;
import dev.miaccount.events.DeviceSessionsRevoked;
import dev.miaccount.events.SessionOpened;
import dev.miaccount.events.SessionRevoked;
import dev.miaccount.device.erasure.AccountRemoval;
import dev.miaccount.events.AccountDeletionStarted;
import dev.miaccount.events.EventTypes;
import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * account-service's events, each applied once. Types this service does not need are acknowledged without a
 * transaction.
 */
@ApplicationScoped
public class AccountEventsConsumer {

    private static final String CHANNEL = "account-events";
    /** What {@link #apply} acts on. */
    private static final Set<String> HANDLED = Set.of(EventTypes.ACCOUNT_REGISTERED, EventTypes.SESSION_OPENED,
            EventTypes.SESSION_REVOKED, EventTypes.DEVICE_SESSIONS_REVOKED, EventTypes.ACCOUNT_DELETION_STARTED);

    private final IdempotentConsumer consumer;
    private final KnownAccountService knownAccounts;
    private final DeviceService devices;
    private final TrackedSessions sessions;
    private final AccountRemoval removal;

    public AccountEventsConsumer(IdempotentConsumer consumer, KnownAccountService knownAccounts, DeviceService devices,
            TrackedSessions sessions, AccountRemoval removal) {
        this.removal = removal;
        this.consumer = consumer;
        this.knownAccounts = knownAccounts;
        this.devices = devices;
        this.sessions = sessions;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return consumer.process(CHANNEL, message, HANDLED::contains, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case EventTypes.ACCOUNT_REGISTERED -> knownAccounts.registered(event.data(AccountRegistered.class));
            case EventTypes.SESSION_OPENED -> devices.sessionOpened(event.data(SessionOpened.class), event.flowId());
            case EventTypes.SESSION_REVOKED -> {
                SessionRevoked revoked = event.data(SessionRevoked.class);
                yield sessions.revoked(List.of(UUID.fromString(revoked.sessionId())), revoked.accountId(),
                        revoked.deviceId());
            }
            case EventTypes.DEVICE_SESSIONS_REVOKED -> devices.deviceSessionsRevoked(
                    event.data(DeviceSessionsRevoked.class), event.flowId());
            case EventTypes.ACCOUNT_DELETION_STARTED -> {
                AccountDeletionStarted started = event.data(AccountDeletionStarted.class);
                if (started.accountId() == null || !started.accountId().matches("[0-9]{10}")) {
                    throw new PoisonEventException("event " + event.id() + " names no valid accountId");
                }
                yield removal.deletionStarted(started, event.flowId());
            }
            default -> Uni.createFrom().voidItem();
        };
    }
}
