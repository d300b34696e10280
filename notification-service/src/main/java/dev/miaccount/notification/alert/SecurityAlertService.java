package dev.miaccount.notification.alert;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.events.DeviceEvent;
import dev.miaccount.events.PasswordChanged;
import dev.miaccount.notification.contact.AccountContact;
import dev.miaccount.notification.contact.ContactService;
import dev.miaccount.notification.delivery.Channel;
import dev.miaccount.notification.delivery.DeliveryKind;
import dev.miaccount.notification.delivery.DeliveryService;
import dev.miaccount.notification.delivery.OutboundMessage;
import io.smallrye.mutiny.Uni;

/** Tells an account what happened to one of its phones, or to its password: by email when it has one, else SMS. */
@ApplicationScoped
public class SecurityAlertService {

    static final String NO_CONTACT = "no email or phone is known for the account";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd 'at' HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ContactService contacts;
    private final DeliveryService deliveries;
    private final Clock clock;

    public SecurityAlertService(ContactService contacts, DeliveryService deliveries, Clock clock) {
        this.contacts = contacts;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * Runs inside the consumer's transaction: the alert, its delivery and its event commit together. An account
     * with no known address gets a FAILED delivery, announced like any other, and the consumer goes on.
     */
    public Uni<Void> alert(SecurityAlert alert, DeviceEvent device, String flowId) {
        String phone = device.model() == null ? device.deviceId() : device.model() + " (" + device.deviceId() + ")";
        Instant at = device.at() == null ? Instant.now(clock) : device.at();
        return send(alert, device.accountId(), accountId -> alert.whatHappened(phone, accountId, WHEN.format(at))
                + dataChoice(alert, device), flowId);
    }

    /** The password of the account changed (a reset): the PASSWORD_CHANGED alert, in the consumer's transaction. */
    public Uni<Void> passwordChanged(PasswordChanged changed, String flowId) {
        Instant at = changed.changedAt() == null ? Instant.now(clock) : changed.changedAt();
        return send(SecurityAlert.PASSWORD_CHANGED, changed.accountId(),
                accountId -> SecurityAlert.PASSWORD_CHANGED.whatHappened(null, accountId, WHEN.format(at)), flowId);
    }

    private Uni<Void> send(SecurityAlert alert, String accountId, Function<String, String> whatHappened,
            String flowId) {
        return contacts.find(accountId).flatMap(contact -> {
            if (contact == null || (contact.getEmail() == null && contact.getPhone() == null)) {
                return deliveries.undeliverable(accountId, DeliveryKind.SECURITY_ALERT, alert.name(),
                        Channel.EMAIL, NO_CONTACT, flowId);
            }
            return deliveries.deliver(contact.getAccountId(), DeliveryKind.SECURITY_ALERT, alert.name(),
                    message(alert, whatHappened.apply(contact.getAccountId()), contact), flowId);
        }).replaceWithVoid();
    }

    /** Says what happened, and when; never anything secret. */
    private static OutboundMessage message(SecurityAlert alert, String whatHappened, AccountContact contact) {
        String text = whatHappened + " If this wasn't you, " + alert.advice();
        if (contact.getEmail() != null) {
            String greeting = contact.getDisplayName() == null ? "Hello," : "Hello " + contact.getDisplayName() + ",";
            return new OutboundMessage(Channel.EMAIL, contact.getEmail(), alert.subject(), greeting + "\n\n" + text);
        }
        return new OutboundMessage(Channel.SMS, contact.getPhone(), null, "Mi Account security alert: " + text);
    }

    private static String dataChoice(SecurityAlert alert, DeviceEvent device) {
        if (alert != SecurityAlert.DEVICE_SIGNED_OUT || device.dataChoice() == null) {
            return "";
        }
        return switch (device.dataChoice()) {
            case "KEEP" -> " Your synced data was kept on the phone.";
            case "REMOVE" -> " Your synced data was removed from the phone.";
            default -> "";
        };
    }
}
