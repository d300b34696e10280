package dev.miaccount.notification.contact;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.events.AccountRegistered;
import dev.miaccount.events.ProfileUpdated;
import dev.miaccount.notification.delivery.Channel;
import dev.miaccount.notification.delivery.DeliveryKind;
import dev.miaccount.notification.delivery.DeliveryService;
import dev.miaccount.notification.delivery.OutboundMessage;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Keeps the accounts' contact addresses and welcomes new accounts. */
@ApplicationScoped
public class ContactService {

    private final AccountContactRepository contacts;
    private final DeliveryService deliveries;
    private final SealedPersonalData personalData;
    private final Clock clock;

    public ContactService(AccountContactRepository contacts, DeliveryService deliveries,
            SealedPersonalData personalData, Clock clock) {
        this.personalData = personalData;
        this.contacts = contacts;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * Runs inside the consumer's transaction: the contact (opened with the account's data key), the welcome and its
     * event commit together. An erased account's registration (a replay) opens to nothing and is skipped.
     *
     * @return the account's contact; null when the account is erased
     */
    public Uni<AccountContact> registered(AccountRegistered event, String flowId) {
        return personalData.open(event.accountId(), event.personal(), AccountRegistered.Contact.class)
                .flatMap(opened -> {
                    if (opened == null) {
                        Log.infof("account %s is erased: its registration is not applied", event.accountId());
                        return Uni.createFrom().nullItem();
                    }
                    AccountContact contact = new AccountContact(event.accountId(), opened.email(), opened.phone(),
                            opened.displayName(), Instant.now(clock));
                    return contacts.persist(contact)
                            .flatMap(saved -> deliveries.deliver(saved.getAccountId(), DeliveryKind.WELCOME,
                                    "ACCOUNT_REGISTERED", welcome(saved), flowId)
                                    .replaceWith(saved));
                });
    }

    /**
     * Runs inside the consumer's transaction: the account's addresses and name become those of the event. An
     * account not known yet is recorded from it; an erased one's update (a replay) is skipped.
     *
     * @return the account's contact as it now is; null when the account is erased
     */
    public Uni<AccountContact> profileUpdated(ProfileUpdated event) {
        Instant now = Instant.now(clock);
        return personalData.open(event.accountId(), event.personal(), AccountRegistered.Contact.class)
                .flatMap(opened -> {
                    if (opened == null) {
                        Log.infof("account %s is erased: its profile update is not applied", event.accountId());
                        return Uni.createFrom().<AccountContact>nullItem();
                    }
                    return contacts.findById(event.accountId()).flatMap(contact -> {
                        if (contact == null) {
                            return contacts.persist(new AccountContact(event.accountId(), opened.email(),
                                    opened.phone(), opened.displayName(), now));
                        }
                        contact.update(opened.email(), opened.phone(), opened.displayName(), now);
                        return Uni.createFrom().item(contact);
                    }).invoke(() -> Log.infof("contact of account %s updated: %s", event.accountId(),
                            event.changed()));
                });
    }

    /** Where the account can be reached; null when it is not known. Runs inside the caller's session. */
    public Uni<AccountContact> find(String accountId) {
        return contacts.findById(accountId);
    }

    /** Whether the account is erased (account-service holds no data key for it); asked, never remembered. */
    public Uni<Boolean> erased(String accountId) {
        return personalData.erased(accountId);
    }

    /** Email when the account has one, else SMS. */
    private static OutboundMessage welcome(AccountContact contact) {
        String greeting = contact.getDisplayName() == null ? "Welcome" : "Welcome, " + contact.getDisplayName();
        String text = greeting + "! Your Mi Account " + contact.getAccountId() + " is ready.";
        return contact.getEmail() != null
                ? new OutboundMessage(Channel.EMAIL, contact.getEmail(), "Welcome to Mi Account", text)
                : new OutboundMessage(Channel.SMS, contact.getPhone(), null, text);
    }
}
