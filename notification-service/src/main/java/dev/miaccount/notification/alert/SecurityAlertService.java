package dev.miaccount.notification.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.events.ContactChanged;
import dev.miaccount.events.DeviceEvent;
import dev.miaccount.events.PasswordChanged;
import dev.miaccount.events.SignedOutEverywhere;
import dev.miaccount.notification.contact.AccountContact;
import dev.miaccount.notification.contact.ContactService;
import dev.miaccount.notification.delivery.Channel;
import dev.miaccount.notification.delivery.DeliveryKind;
import dev.miaccount.notification.delivery.DeliveryService;
import dev.miaccount.notification.delivery.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Tells an account what happened to one of its phones, or to its password: by email when it has one, else SMS; a
 * changed address is told to the old address.
 *
 * <p>device-events and account-events are read independently, so an alert may come before the account's
 * {@code account.registered.v2}. Such an alert is parked ({@link ParkedAlert}) rather than lost, and goes out in the
 * transaction that learns the contact ({@link #contactKnown}); it ends FAILED when the account is erased meanwhile
 * ({@link #accountErased}) or no contact comes within {@code miaccount.alert.parked-max-wait}
 * ({@link #expireParked}). An alert for an account that is already erased is FAILED at once.
 */
@ApplicationScoped
public class SecurityAlertService {

    static final String NO_CONTACT = "no email or phone is known for the account";
    static final String ERASED = "the account is erased (account-service holds no data key for it)";
    static final String ERASED_WHILE_PARKED = "the account was erased before its email or phone became known";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd 'at' HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ContactService contacts;
    private final DeliveryService deliveries;
    private final AlertedChanges alertedChanges;
    private final ParkedAlertRepository parked;
    private final Clock clock;
    private final Duration parkedMaxWait;

    public SecurityAlertService(ContactService contacts, DeliveryService deliveries, AlertedChanges alertedChanges,
            ParkedAlertRepository parked, Clock clock,
            @ConfigProperty(name = "miaccount.alert.parked-max-wait") Duration parkedMaxWait) {
        this.contacts = contacts;
        this.deliveries = deliveries;
        this.alertedChanges = alertedChanges;
        this.parked = parked;
        this.clock = clock;
        this.parkedMaxWait = parkedMaxWait;
    }

    /**
     * Runs inside the consumer's transaction: the alert, its delivery and its event commit together. For an account
     * whose contact is not known yet the alert is parked until it is; an erased account's is FAILED, announced like
     * any other, and the consumer goes on.
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

    /** Sign out everywhere: one SIGNED_OUT_EVERYWHERE alert, in the consumer's transaction. */
    public Uni<Void> signedOutEverywhere(SignedOutEverywhere everywhere, String flowId) {
        Instant at = everywhere.at() == null ? Instant.now(clock) : everywhere.at();
        return send(SecurityAlert.SIGNED_OUT_EVERYWHERE, everywhere.accountId(),
                accountId -> SecurityAlert.SIGNED_OUT_EVERYWHERE.whatHappened(null, accountId, WHEN.format(at)),
                flowId);
    }

    /**
     * An email address or phone number of the account changed: the CONTACT_CHANGED alert, in the consumer's
     * transaction, to the OLD address of that channel — the contact still holds it, as the profile update with the
     * new one comes right after this event —, or to the other address when there was no old one. One alert per
     * change, even when the change is announced twice.
     */
    public Uni<Void> contactChanged(ContactChanged changed, String flowId) {
        Instant now = Instant.now(clock);
        Instant at = changed.changedAt() == null ? now : changed.changedAt();
        Channel channel = Channel.valueOf(changed.channel());
        String what = channel == Channel.EMAIL ? "email address" : "phone number";
        return alertedChanges.first(changed.changeId(), changed.accountId(), now).flatMap(first -> {
            if (!first) {
                Log.infof("CONTACT_CHANGED alert for change %s of account %s was sent before; not again",
                        changed.changeId(), changed.accountId());
                return Uni.createFrom().voidItem();
            }
            return send(SecurityAlert.CONTACT_CHANGED, changed.accountId(),
                    accountId -> SecurityAlert.CONTACT_CHANGED.whatHappened(what, accountId, WHEN.format(at)),
                    channel, flowId);
        });
    }

    /**
     * The account is deleted: the ACCOUNT_DELETED notice to each of its addresses (the contact is erased right after
     * it), in the consumer's transaction. An account with no known address gets a FAILED delivery instead.
     *
     * @return how many notices went out
     */
    public Uni<Integer> accountDeleted(AccountContact contact, String accountId, Instant deletedAt, String flowId) {
        String whatHappened = SecurityAlert.ACCOUNT_DELETED.whatHappened(null, accountId,
                WHEN.format(deletedAt == null ? Instant.now(clock) : deletedAt));
        List<Channel> channels = contact == null ? List.of() : Stream.of(Channel.EMAIL, Channel.SMS)
                .filter(channel -> address(contact, channel) != null).toList();
        if (channels.isEmpty()) {
            return deliveries.undeliverable(accountId, DeliveryKind.SECURITY_ALERT,
                    SecurityAlert.ACCOUNT_DELETED.name(), Channel.EMAIL, NO_CONTACT, flowId).replaceWith(0);
        }
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (Channel channel : channels) {
            sent = sent.call(() -> deliveries.deliver(accountId, DeliveryKind.SECURITY_ALERT,
                    SecurityAlert.ACCOUNT_DELETED.name(),
                    message(SecurityAlert.ACCOUNT_DELETED, whatHappened, contact, channel), flowId));
        }
        return sent.replaceWith(channels.size());
    }

    private Uni<Void> send(SecurityAlert alert, String accountId, Function<String, String> whatHappened,
            String flowId) {
        return send(alert, accountId, whatHappened, Channel.EMAIL, flowId);
    }

    /**
     * The account's contact has just been learnt (a registration, or a profile update of an account not known
     * before): every alert parked for it goes out, oldest first, each in its own flow. Runs inside the consumer's
     * transaction, so the contact, the deliveries and the parked alerts' end commit together.
     */
    public Uni<Void> contactKnown(AccountContact contact) {
        String accountId = contact.getAccountId();
        return parked.lockAccount(accountId).chain(() -> parked.ofAccount(accountId)).flatMap(waiting -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (ParkedAlert alert : waiting) {
                done = done.call(() -> sendTo(contact, alert.getReason(), alert.getWhatHappened(),
                        alert.getPreferredChannel(), alert.getFlowId()))
                        .call(() -> parked.delete(alert));
            }
            if (!waiting.isEmpty()) {
                done = done.invoke(() -> Log.infof("account %s is known now: %d parked alert(s) sent", accountId,
                        waiting.size()));
            }
            return done;
        });
    }

    /**
     * The account is erased: the alerts parked for it will never find an address, so each ends FAILED, in its own
     * flow. Runs inside the erasure's transaction.
     */
    public Uni<Integer> accountErased(String accountId) {
        return parked.lockAccount(accountId).chain(() -> parked.ofAccount(accountId))
                .flatMap(waiting -> fail(waiting, ERASED_WHILE_PARKED));
    }

    /**
     * Alerts parked for longer than {@code miaccount.alert.parked-max-wait} (at most {@code limit} of them): no
     * contact came for them, so each ends FAILED with {@value #NO_CONTACT}, in its own flow.
     *
     * @return how many ended
     */
    @WithTransaction
    public Uni<Integer> expireParked(int limit) {
        return parked.expired(Instant.now(clock), limit).flatMap(expired -> fail(expired, NO_CONTACT));
    }

    private Uni<Integer> fail(List<ParkedAlert> waiting, String why) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (ParkedAlert alert : waiting) {
            done = done.call(() -> deliveries.undeliverable(alert.getAccountId(), DeliveryKind.SECURITY_ALERT,
                    alert.getReason().name(), alert.getPreferredChannel(), why, alert.getFlowId()))
                    .call(() -> parked.delete(alert));
        }
        return done.replaceWith(waiting.size());
    }

    /**
     * By {@code preferred} to the account's address on it, else by the other channel. An account whose contact is
     * not known yet has the alert parked, unless it is erased.
     */
    private Uni<Void> send(SecurityAlert alert, String accountId, Function<String, String> whatHappened,
            Channel preferred, String flowId) {
        return contacts.find(accountId).flatMap(contact -> {
            if (contact != null) {
                return sendTo(contact, alert, whatHappened.apply(accountId), preferred, flowId);
            }
            // decided under the account's lock: a registration committing meanwhile is seen here, or sees the parked
            // alert (see ParkedAlertRepository#lockAccount)
            return parked.lockAccount(accountId).chain(() -> contacts.find(accountId)).flatMap(known -> known != null
                    ? sendTo(known, alert, whatHappened.apply(accountId), preferred, flowId)
                    : parkUnlessErased(alert, accountId, whatHappened.apply(accountId), preferred, flowId));
        });
    }

    private Uni<Void> sendTo(AccountContact contact, SecurityAlert alert, String whatHappened, Channel preferred,
            String flowId) {
        if (contact.getEmail() == null && contact.getPhone() == null) {
            return deliveries.undeliverable(contact.getAccountId(), DeliveryKind.SECURITY_ALERT, alert.name(),
                    preferred, NO_CONTACT, flowId).replaceWithVoid();
        }
        Channel channel = address(contact, preferred) != null ? preferred
                : preferred == Channel.EMAIL ? Channel.SMS : Channel.EMAIL;
        return deliveries.deliver(contact.getAccountId(), DeliveryKind.SECURITY_ALERT, alert.name(),
                message(alert, whatHappened, contact, channel), flowId).replaceWithVoid();
    }

    /** An erased account's alert is FAILED at once; any other waits for the account's contact. */
    private Uni<Void> parkUnlessErased(SecurityAlert alert, String accountId, String whatHappened,
            Channel preferred, String flowId) {
        return contacts.erased(accountId).flatMap(erased -> {
            if (erased) {
                return deliveries.undeliverable(accountId, DeliveryKind.SECURITY_ALERT, alert.name(), preferred,
                        ERASED, flowId).replaceWithVoid();
            }
            Instant now = Instant.now(clock);
            ParkedAlert waiting = new ParkedAlert(accountId, alert, preferred, whatHappened, flowId, now,
                    now.plus(parkedMaxWait));
            return parked.persist(waiting).invoke(() -> Log.infof("%s alert of flow %s for account %s parked until"
                    + " its contact is known (at most until %s)", alert, flowId, accountId, waiting.getExpiresAt()))
                    .replaceWithVoid();
        });
    }

    private static String address(AccountContact contact, Channel channel) {
        return channel == Channel.EMAIL ? contact.getEmail() : contact.getPhone();
    }

    /** Says what happened, and when; never anything secret. */
    private static OutboundMessage message(SecurityAlert alert, String whatHappened, AccountContact contact,
            Channel channel) {
        String text = whatHappened + " If this wasn't you, " + alert.advice();
        if (channel == Channel.EMAIL) {
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
