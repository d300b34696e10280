package dev.miaccount.account.contactchange;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.miaccount.account.account.Account;
import dev.miaccount.account.account.AddressTaken;
import dev.miaccount.account.account.AccountRepository;
import dev.miaccount.account.account.ProfileService;
import dev.miaccount.account.account.UpdateProfileRequest;
import dev.miaccount.account.verification.CodeChecks;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.StepUpTokens;
import dev.miaccount.account.personaldata.PersonalDataKeys;
import dev.miaccount.events.ContactChangeRequested;
import dev.miaccount.events.ContactChanged;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Moving the account to a new email or phone — the address its codes go to — takes the password again (a
 * single-use step-up token) and a code sent to the new address; once confirmed, the old address is told
 * ({@code account.contact-changed.v1}, then the profile update). A stolen access token alone cannot move it.
 */
@ApplicationScoped
public class ContactChangeService {

    /** What a PATCH led to: a change waiting for its code, or (nothing to verify) the profile as it is now. */
    public record Outcome(UUID changeId, Account account) {
    }

    private final ContactChangeRepository changes;
    private final AccountRepository accounts;
    private final ProfileService profiles;
    private final StepUpTokens stepUp;
    private final CodeChecks codes;
    private final Outbox outbox;
    private final PersonalDataKeys dataKeys;
    private final Clock clock;

    public ContactChangeService(ContactChangeRepository changes, AccountRepository accounts, ProfileService profiles,
            StepUpTokens stepUp, CodeChecks codes, Outbox outbox, PersonalDataKeys dataKeys, Clock clock) {
        this.dataKeys = dataKeys;
        this.changes = changes;
        this.accounts = accounts;
        this.profiles = profiles;
        this.stepUp = stepUp;
        this.codes = codes;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * A PATCH that names an email or a phone: the step-up token is used up, a display name in the same request
     * changes at once, and the address waits for its code. An address equal to the current one needs nothing.
     */
    @WithTransaction
    public Uni<Outcome> request(Caller caller, String stepUpToken, UpdateProfileRequest request) {
        if (request.email() != null && request.phone() != null) {
            return Uni.createFrom().failure(ProblemException.validation("phone",
                    "change one address at a time: the email or the phone"));
        }
        ContactChange.Channel channel = request.email() != null ? ContactChange.Channel.EMAIL
                : ContactChange.Channel.SMS;
        String newValue = request.email() != null ? request.email() : request.phone();
        return profiles.requireFree(request.email(), request.phone(), caller.accountId())
                .flatMap(ignored -> stepUp.consume(stepUpToken, caller))
                .flatMap(ignored -> accounts.findById(caller.accountId()))
                .call(account -> profiles.apply(account, request.displayName(), null, null))
                .flatMap(account -> newValue.equals(current(account, channel))
                        ? Uni.createFrom().item(new Outcome(null, account))
                        : start(account, channel, newValue).map(change -> new Outcome(change.getChangeId(), account)));
    }

    /** The code sent to the new address: VALID moves the account there and tells the old address. */
    public Uni<Account> confirm(Caller caller, String rawChangeId, String code) {
        UUID changeId = parse(rawChangeId);
        if (changeId == null) {
            return codes.refuseLikeAWrongCode(code);
        }
        return Panache.withSession(() -> changes.findById(changeId)).flatMap(change -> {
            if (change == null || !change.isPendingFor(caller.accountId())) {
                return codes.refuseLikeAWrongCode(code);
            }
            return codes.check(CodeChecks.Purpose.CONTACT_CHANGE, changeId.toString(), caller.accountId(), code).flatMap(result -> switch (result) {
                case VALID -> Panache.withTransaction(() -> complete(changeId, caller.accountId()))
                        .onFailure(AddressTaken::is).transform(AddressTaken::conflictFor);
                case EXHAUSTED -> Panache.withTransaction(() -> exhaust(changeId))
                        .flatMap(ignored -> Uni.createFrom().failure(CodeChecks.exhausted()));
                case INVALID -> Uni.createFrom().failure(CodeChecks.invalidCode());
            });
        });
    }

    private Uni<ContactChange> start(Account account, ContactChange.Channel channel, String newValue) {
        Instant now = Instant.now(clock);
        ContactChange change = new ContactChange(account.getAccountId(), channel, newValue, now);
        return changes.pendingOf(account.getAccountId())
                .invoke(pending -> pending.forEach(older -> older.supersede(now)))
                .flatMap(ignored -> changes.persist(change))
                .call(saved -> dataKeys.seal(account.getAccountId(), new ContactChangeRequested.Destination(newValue))
                        .flatMap(personal -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS,
                                account.getAccountId(), EventTypes.CONTACT_CHANGE_REQUESTED, account.getAccountId(),
                                null, new ContactChangeRequested(saved.getChangeId().toString(),
                                        account.getAccountId(), channel.name(), now, personal)))))
                .invoke(saved -> Log.infof("account %s asked to change its %s: %s", account.getAccountId(), channel,
                        saved.getChangeId()));
    }

    private Uni<Account> complete(UUID changeId, String accountId) {
        return changes.findById(changeId, LockModeType.PESSIMISTIC_WRITE).flatMap(change -> {
            if (change == null || !change.isPendingFor(accountId)) {
                return Uni.createFrom().failure(CodeChecks.invalidCode());
            }
            String email = change.getChannel() == ContactChange.Channel.EMAIL ? change.getNewValue() : null;
            String phone = change.getChannel() == ContactChange.Channel.SMS ? change.getNewValue() : null;
            Instant now = Instant.now(clock);
            change.complete(now);
            String flowId = OutgoingEvent.newFlowId();
            // The old address is told before the profile moves on: notification-service still holds it then.
            return profiles.requireFree(email, phone, accountId)
                    .flatMap(ignored -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, accountId,
                            EventTypes.CONTACT_CHANGED, accountId, flowId,
                            new ContactChanged(changeId.toString(), accountId, change.getChannel().name(), now))))
                    .flatMap(ignored -> accounts.findById(accountId))
                    .call(account -> profiles.apply(account, null, email, phone))
                    .invoke(account -> Log.infof("account %s moved to its new %s", accountId, change.getChannel()));
        });
    }

    private Uni<Void> exhaust(UUID changeId) {
        return changes.findById(changeId, LockModeType.PESSIMISTIC_WRITE).invoke(change -> {
            if (change != null && change.isPendingFor(change.getAccountId())) {
                change.exhaust(Instant.now(clock));
            }
        }).replaceWithVoid();
    }

    private static String current(Account account, ContactChange.Channel channel) {
        return channel == ContactChange.Channel.EMAIL ? account.getEmail() : account.getPhone();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
