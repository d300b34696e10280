package dev.miaccount.notification.alert;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.events.DeviceEvent;
import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.IdempotentConsumer;
import io.smallrye.mutiny.Uni;

/**
 * device-service's events, each applied once: a phone signed out, deleted or locked after a reset alerts its
 * account. Other types are acknowledged without a transaction.
 */
@ApplicationScoped
public class DeviceEventsConsumer {

    private static final String CHANNEL = "device-events";

    private final IdempotentConsumer consumer;
    private final SecurityAlertService alerts;

    public DeviceEventsConsumer(IdempotentConsumer consumer, SecurityAlertService alerts) {
        this.consumer = consumer;
        this.alerts = alerts;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return consumer.process(CHANNEL, message, type -> SecurityAlert.of(type) != null, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        SecurityAlert alert = SecurityAlert.of(event.type());
        if (alert == null) {
            return Uni.createFrom().voidItem();
        }
        return alerts.alert(alert, deviceEvent(event), event.flowId());
    }

    /** @throws PoisonEventException when the data names no phone or no account id of 10 digits */
    private static DeviceEvent deviceEvent(ReceivedEvent event) {
        DeviceEvent device = event.data(DeviceEvent.class);
        if (device.deviceId() == null || device.accountId() == null || !device.accountId().matches("[0-9]{10}")) {
            throw new PoisonEventException("event " + event.id() + " of type " + event.type()
                    + " names no deviceId or no valid accountId");
        }
        return device;
    }
}
