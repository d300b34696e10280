package dev.miaccount.account.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.auth.Caller;
import dev.miaccount.events.EventTypes;
import dev.miaccount.account.personaldata.PersonalDataKeys;
import dev.miaccount.events.ProfileUpdated;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The signed-in account's own profile. The display name changes at once; a new email or phone goes through
 * {@code contactchange} (the password again, then a code to the new address) and lands here when confirmed.
 */
@ApplicationScoped
public class ProfileService {

    private final AccountRepository accounts;
    private final Outbox outbox;
    private final PersonalDataKeys dataKeys;
    private final Clock clock;

    public ProfileService(AccountRepository accounts, Outbox outbox, PersonalDataKeys dataKeys, Clock clock) {
        this.accounts = accounts;
        this.dataKeys = dataKeys;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithSession
    public Uni<Account> get(Caller caller) {
        return accounts.findById(caller.accountId());
    }

    @WithTransaction
    public Uni<Account> rename(Caller caller, String displayName) {
        return accounts.findById(caller.accountId()).call(account -> apply(account, displayName, null, null));
    }

    /**
     * Changes what is given (null: unchanged) and announces it with {@code account.profile-updated.v1}, inside the
     * caller's transaction.
     */
    public Uni<Void> apply(Account account, String displayName, String email, String phone) {
        Instant now = Instant.now(clock);
        List<String> changed = account.update(blankToNull(displayName), email, phone, now);
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return dataKeys.seal(account.getAccountId(), Contacts.of(account))
                .flatMap(personal -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, account.getAccountId(),
                        EventTypes.ACCOUNT_PROFILE_UPDATED, account.getAccountId(), null,
                        new ProfileUpdated(account.getAccountId(), changed, now, personal))))
                .replaceWithVoid();
    }

    /** @return a failure with 409 conflict when another account holds the email or the phone */
    public Uni<Void> requireFree(String email, String phone, String accountId) {
        return accounts.emailTaken(email, accountId)
                .flatMap(taken -> taken ? conflict("email") : accounts.phoneTaken(phone, accountId))
                .flatMap(taken -> taken ? conflict("phone") : Uni.createFrom().item(false))
                .replaceWithVoid();
    }

    private static Uni<Boolean> conflict(String field) {
        return Uni.createFrom().failure(ProblemException.conflict("this " + field + " belongs to another account"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
