package dev.miaccount.account.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.session.Caller;
import dev.miaccount.account.session.SessionService;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.ProfileUpdated;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** The signed-in account's own profile. */
@ApplicationScoped
public class ProfileService {

    private final AccountRepository accounts;
    private final SessionService sessions;
    private final Outbox outbox;
    private final Clock clock;

    public ProfileService(AccountRepository accounts, SessionService sessions, Outbox outbox, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithSession
    public Uni<Account> get(Caller caller) {
        return sessions.requireActive(caller).flatMap(session -> accounts.findById(caller.accountId()));
    }

    @WithTransaction
    public Uni<Account> update(Caller caller, UpdateProfileRequest request) {
        return sessions.requireActive(caller)
                .flatMap(session -> accounts.emailTaken(request.email(), caller.accountId()))
                .flatMap(taken -> taken ? conflict("email") : accounts.phoneTaken(request.phone(), caller.accountId()))
                .flatMap(taken -> taken ? conflict("phone") : accounts.findById(caller.accountId()))
                .call(account -> {
                    Instant now = Instant.now(clock);
                    List<String> changed = account.update(blankToNull(request.displayName()), request.email(),
                            request.phone(), now);
                    if (changed.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, account.getAccountId(),
                            EventTypes.ACCOUNT_PROFILE_UPDATED, account.getAccountId(), null,
                            new ProfileUpdated(account.getAccountId(), account.getEmail(), account.getPhone(),
                                    account.getDisplayName(), changed, now)));
                });
    }

    private static <T> Uni<T> conflict(String field) {
        return Uni.createFrom().failure(ProblemException.conflict("this " + field + " belongs to another account"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
