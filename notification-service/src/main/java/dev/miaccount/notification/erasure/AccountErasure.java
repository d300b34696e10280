package dev.miaccount.notification.erasure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.events.AccountDeleted;
import dev.miaccount.events.AccountErased;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.notification.alert.SecurityAlertService;
import dev.miaccount.notification.contact.AccountContact;
import dev.miaccount.notification.contact.ContactService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The last step of an account's erasure: account-service has erased the account (and destroyed its data key), so
 * the ACCOUNT_DELETED notice goes to each address this service knows, then everything it holds about the account
 * goes — the contact, the codes and their failed checks, the alerts' bookkeeping, the sandbox messages (by account
 * and by address), and its deliveries' destinations. Alerts parked for its contact (never learnt here) end FAILED. A
 * delivery still waiting for its gateway keeps its message, sealed, until it is sent or fails, when it is erased as
 * every delivery's is. {@code notification.account-erased.v1} ends the flow. All of it in the consumer's
 * transaction.
 */
@ApplicationScoped
public class AccountErasure {

    /** What an erased delivery shows where its masked destination was. */
    public static final String ERASED_DESTINATION = "erased";

    private final ContactService contacts;
    private final SecurityAlertService alerts;
    private final Outbox outbox;
    private final Clock clock;

    public AccountErasure(ContactService contacts, SecurityAlertService alerts, Outbox outbox, Clock clock) {
        this.contacts = contacts;
        this.alerts = alerts;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<Void> accountDeleted(AccountDeleted deleted, String flowId) {
        String accountId = deleted.accountId();
        long started = System.nanoTime();
        return contacts.find(accountId).flatMap(contact -> alerts.accountDeleted(contact, accountId,
                deleted.deletedAt(), flowId)
                // alerts parked for an address that will never come end now, not at their max wait
                .call(() -> alerts.accountErased(accountId))
                .call(() -> erase(accountId, addresses(contact)))
                .call(notices -> outbox.append(new OutgoingEvent(Topics.NOTIFICATION_EVENTS, accountId,
                        EventTypes.NOTIFICATION_ACCOUNT_ERASED, accountId, flowId,
                        new AccountErased(accountId, notices, Instant.now(clock)))))
                .invoke(notices -> Log.infof("account %s erased here (%d notice(s) sent first) in %d ms", accountId,
                        notices, Duration.ofNanos(System.nanoTime() - started).toMillis())))
                .replaceWithVoid();
    }

    private static List<String> addresses(AccountContact contact) {
        return contact == null ? List.of()
                : Stream.of(contact.getEmail(), contact.getPhone()).filter(Objects::nonNull).toList();
    }

    private Uni<Void> erase(String accountId, List<String> addresses) {
        return Panache.getSession().flatMap(session -> {
            // the notices first (their deliveries and sandbox messages), so that what follows erases them too
            Uni<Void> done = session.flush();
            for (String statement : List.of(
                    "DELETE FROM verification_code WHERE account_id = :account",
                    "DELETE FROM failed_code_check WHERE account_id = :account",
                    "DELETE FROM contact_change_alert WHERE account_id = :account",
                    "DELETE FROM sandbox_message WHERE account_id = :account",
                    "UPDATE delivery SET masked_destination = '" + ERASED_DESTINATION + "' WHERE account_id = :account",
                    "DELETE FROM account_contact WHERE account_id = :account")) {
                done = done.call(() -> session.createNativeQuery(statement).setParameter("account", accountId)
                        .executeUpdate());
            }
            if (!addresses.isEmpty()) {
                // messages kept before the sandbox knew whose they were
                done = done.call(() -> session.createNativeQuery(
                        "DELETE FROM sandbox_message WHERE recipient IN (:addresses)")
                        .setParameter("addresses", addresses).executeUpdate());
            }
            return done;
        }).replaceWithVoid();
    }
}
