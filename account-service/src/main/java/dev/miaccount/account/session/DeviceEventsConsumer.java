package dev.miaccount.account.session;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.events.DeviceEvent;
import dev.miaccount.account.deletion.AccountDeletionService;
import dev.miaccount.events.AccountDevicesRemoved;
import dev.miaccount.events.EventTypes;
import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * device-service's events, each applied once: a sign-out, deletion or reset request revokes the phone's sessions;
 * a rejected binding revokes the session that asked for it; the phones of an account being deleted removed, the
 * account is erased. Other types are acknowledged without a transaction.
 */
@ApplicationScoped
public class DeviceEventsConsumer {

    private static final String CHANNEL = "device-events";

    private final IdempotentConsumer consumer;
    private final SessionService sessions;
    private final AccountDeletionService deletions;

    public DeviceEventsConsumer(IdempotentConsumer consumer, SessionService sessions,
            AccountDeletionService deletions) {
        this.consumer = consumer;
        this.sessions = sessions;
        this.deletions = deletions;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return consumer.process(CHANNEL, message, type -> DeviceRequest.of(type) != null
                || type.equals(EventTypes.DEVICE_BINDING_REJECTED)
                || type.equals(EventTypes.DEVICE_ACCOUNT_DEVICES_REMOVED), this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        DeviceRequest request = DeviceRequest.of(event.type());
        if (request != null) {
            DeviceEvent device = deviceEvent(event);
            return sessions.revokeDevice(device.accountId(), device.deviceId(), request, event.flowId())
                    .replaceWithVoid();
        }
        return switch (event.type()) {
            case EventTypes.DEVICE_BINDING_REJECTED -> {
                DeviceEvent device = deviceEvent(event);
                yield sessions.revokeRejectedBinding(sessionId(event, device), device.accountId(), device.deviceId(),
                        event.flowId());
            }
            case EventTypes.DEVICE_ACCOUNT_DEVICES_REMOVED -> {
                AccountDevicesRemoved removed = event.data(AccountDevicesRemoved.class);
                if (removed.accountId() == null || !removed.accountId().matches("[0-9]{10}")) {
                    throw new PoisonEventException("event " + event.id() + " names no valid accountId");
                }
                yield deletions.erase(removed, event.flowId());
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    /** @throws PoisonEventException when the data does not name the phone and the account */
    private static DeviceEvent deviceEvent(ReceivedEvent event) {
        DeviceEvent device = event.data(DeviceEvent.class);
        if (device.deviceId() == null || device.accountId() == null) {
            throw new PoisonEventException("event " + event.id() + " of type " + event.type()
                    + " names no deviceId or accountId");
        }
        return device;
    }

    private static UUID sessionId(ReceivedEvent event, DeviceEvent device) {
        try {
            return UUID.fromString(device.sessionId());
        } catch (RuntimeException e) {
            throw new PoisonEventException("event " + event.id() + " of type " + event.type()
                    + " names no valid sessionId");
        }
    }
}
