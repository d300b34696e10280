package dev.miaccount.notification.contact;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.miaccount.events.AccountRegistered;
import dev.miaccount.events.AccountDeleted;
import dev.miaccount.events.AccountDeletionRequested;
import dev.miaccount.events.ContactChangeRequested;
import dev.miaccount.notification.erasure.AccountErasure;
import dev.miaccount.events.ContactChanged;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.PasswordChanged;
import dev.miaccount.events.PasswordResetRequested;
import dev.miaccount.events.ProfileUpdated;
import dev.miaccount.events.SignedOutEverywhere;
import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.messaging.inbox.IdempotentConsumer;
import dev.miaccount.notification.alert.SecurityAlertService;
import dev.miaccount.notification.code.CodeService;
import dev.miaccount.notification.session.SessionEvents;
import io.smallrye.mutiny.Uni;

/**
 * account-service's events, each applied once: new accounts and changed contacts, password resets and contact
 * changes and account deletions (a code), changed passwords and addresses (an alert), an erased account (its last
 * notice, then everything about it erased), sessions opened and revoked (so that a revoked session's token is refused). Other
 * types are skipped.
 */
@ApplicationScoped
public class AccountEventsConsumer {

    private static final String CHANNEL = "account-events";
    /** What {@link #apply} acts on. */
    private static final Set<String> HANDLED = Set.of(EventTypes.ACCOUNT_REGISTERED,
            EventTypes.ACCOUNT_PROFILE_UPDATED, EventTypes.PASSWORD_RESET_REQUESTED, EventTypes.PASSWORD_CHANGED,
            EventTypes.CONTACT_CHANGE_REQUESTED, EventTypes.CONTACT_CHANGED, EventTypes.ACCOUNT_DELETION_REQUESTED,
            EventTypes.ACCOUNT_DELETED, EventTypes.SIGNED_OUT_EVERYWHERE, EventTypes.SESSION_OPENED,
            EventTypes.SESSION_REVOKED, EventTypes.DEVICE_SESSIONS_REVOKED);

    private final IdempotentConsumer consumer;
    private final ContactService contacts;
    private final CodeService codes;
    private final SecurityAlertService alerts;
    private final SessionEvents sessions;
    private final AccountErasure erasure;

    public AccountEventsConsumer(IdempotentConsumer consumer, ContactService contacts, CodeService codes,
            SecurityAlertService alerts, SessionEvents sessions, AccountErasure erasure) {
        this.erasure = erasure;
        this.consumer = consumer;
        this.contacts = contacts;
        this.codes = codes;
        this.alerts = alerts;
        this.sessions = sessions;
    }

    @Incoming(CHANNEL)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(Message<String> message) {
        return consumer.process(CHANNEL, message, HANDLED::contains, this::apply);
    }

    private Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            // a contact learnt releases the alerts parked for it (read before it, from device-events)
            case EventTypes.ACCOUNT_REGISTERED -> contacts.registered(event.data(AccountRegistered.class),
                    event.flowId()).flatMap(this::releaseParkedAlerts);
            case EventTypes.ACCOUNT_PROFILE_UPDATED -> contacts.profileUpdated(event.data(ProfileUpdated.class))
                    .flatMap(this::releaseParkedAlerts);
            case EventTypes.PASSWORD_RESET_REQUESTED -> codes.resetRequested(resetRequested(event), event.flowId());
            case EventTypes.PASSWORD_CHANGED -> alerts.passwordChanged(passwordChanged(event), event.flowId());
            case EventTypes.CONTACT_CHANGE_REQUESTED -> codes.contactChangeRequested(contactChangeRequested(event),
                    event.flowId());
            case EventTypes.CONTACT_CHANGED -> alerts.contactChanged(contactChanged(event), event.flowId());
            case EventTypes.ACCOUNT_DELETION_REQUESTED -> codes.deletionRequested(deletionRequested(event),
                    event.flowId());
            case EventTypes.ACCOUNT_DELETED -> erasure.accountDeleted(accountDeleted(event), event.flowId());
            case EventTypes.SIGNED_OUT_EVERYWHERE -> alerts.signedOutEverywhere(signedOutEverywhere(event),
                    event.flowId());
            case EventTypes.SESSION_OPENED -> sessions.opened(event);
            case EventTypes.SESSION_REVOKED -> sessions.revoked(event);
            case EventTypes.DEVICE_SESSIONS_REVOKED -> sessions.deviceSessionsRevoked(event);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> releaseParkedAlerts(AccountContact contact) {
        return contact == null ? Uni.createFrom().voidItem() : alerts.contactKnown(contact);
    }

    /** @throws PoisonEventException when the data names no reset or no account id of 10 digits */
    private static PasswordResetRequested resetRequested(ReceivedEvent event) {
        PasswordResetRequested reset = event.data(PasswordResetRequested.class);
        if (reset.resetId() == null || reset.resetId().isBlank() || reset.resetId().length() > 64
                || !validAccountId(reset.accountId())) {
            throw new PoisonEventException("event " + event.id() + " names no valid resetId or accountId");
        }
        return reset;
    }

    /** @throws PoisonEventException when the data names no changeId, no account id of 10 digits or no channel */
    private static ContactChangeRequested contactChangeRequested(ReceivedEvent event) {
        ContactChangeRequested change = event.data(ContactChangeRequested.class);
        if (!validRequestId(change.changeId()) || !validAccountId(change.accountId())
                || !("SMS".equals(change.channel()) || "EMAIL".equals(change.channel()))) {
            throw new PoisonEventException("event " + event.id() + " names no valid changeId, accountId or channel");
        }
        return change;
    }

    /** @throws PoisonEventException when the data names no deletionId or no account id of 10 digits */
    private static AccountDeletionRequested deletionRequested(ReceivedEvent event) {
        AccountDeletionRequested deletion = event.data(AccountDeletionRequested.class);
        if (!validRequestId(deletion.deletionId()) || !validAccountId(deletion.accountId())) {
            throw new PoisonEventException("event " + event.id() + " names no valid deletionId or accountId");
        }
        return deletion;
    }

    /** @throws PoisonEventException when the data names no account id of 10 digits */
    private static AccountDeleted accountDeleted(ReceivedEvent event) {
        AccountDeleted deleted = event.data(AccountDeleted.class);
        if (!validAccountId(deleted.accountId())) {
            throw new PoisonEventException("event " + event.id() + " names no valid accountId");
        }
        return deleted;
    }

    /** @throws PoisonEventException when the data names no changeId, no account id or no channel SMS or EMAIL */
    private static ContactChanged contactChanged(ReceivedEvent event) {
        ContactChanged changed = event.data(ContactChanged.class);
        if (!validRequestId(changed.changeId()) || !validAccountId(changed.accountId())
                || !("SMS".equals(changed.channel()) || "EMAIL".equals(changed.channel()))) {
            throw new PoisonEventException("event " + event.id() + " names no valid changeId, accountId or channel");
        }
        return changed;
    }

    /** @throws PoisonEventException when the data names no account id of 10 digits */
    private static PasswordChanged passwordChanged(ReceivedEvent event) {
        PasswordChanged changed = event.data(PasswordChanged.class);
        if (!validAccountId(changed.accountId())) {
            throw new PoisonEventException("event " + event.id() + " names no valid accountId");
        }
        return changed;
    }

    /** @throws PoisonEventException when the data names no account id of 10 digits */
    private static SignedOutEverywhere signedOutEverywhere(ReceivedEvent event) {
        SignedOutEverywhere everywhere = event.data(SignedOutEverywhere.class);
        if (!validAccountId(everywhere.accountId())) {
            throw new PoisonEventException("event " + event.id() + " names no valid accountId");
        }
        return everywhere;
    }

    private static boolean validAccountId(String accountId) {
        return accountId != null && accountId.matches("[0-9]{10}");
    }

    private static boolean validRequestId(String id) {
        return id != null && !id.isBlank() && id.length() <= 64;
    }
}
