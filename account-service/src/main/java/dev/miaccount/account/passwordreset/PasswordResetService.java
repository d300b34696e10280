package dev.miaccount.account.passwordreset;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.miaccount.account.account.AccountRepository;
import dev.miaccount.account.password.PasswordHasher;
import dev.miaccount.account.password.PasswordPolicy;
import dev.miaccount.account.session.SessionService;
import dev.miaccount.account.signin.BruteForceGuard;
import dev.miaccount.account.signin.Identifier;
import dev.miaccount.account.verification.CodeChecks;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.PasswordChanged;
import dev.miaccount.events.PasswordResetRequested;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Forgot password. A request answers the same for an identifier that matches no account (nothing is stored or
 * emitted then, and its resetId never confirms). The code is made, sent and checked by notification-service; on a
 * valid one the password changes, every session is revoked and the change is announced.
 */
@ApplicationScoped
public class PasswordResetService {

    public static final String SESSIONS_REVOKED_REASON = "PASSWORD_CHANGED";

    private final AccountRepository accounts;
    private final PasswordResetRepository resets;
    private final ResetThrottle throttle;
    private final CodeChecks codes;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final BruteForceGuard guard;
    private final Outbox outbox;
    private final Clock clock;

    public PasswordResetService(AccountRepository accounts, PasswordResetRepository resets, ResetThrottle throttle,
            CodeChecks codes, PasswordHasher hasher, SessionService sessions, BruteForceGuard guard,
            Outbox outbox, Clock clock) {
        this.guard = guard;
        this.accounts = accounts;
        this.resets = resets;
        this.throttle = throttle;
        this.codes = codes;
        this.hasher = hasher;
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<UUID> request(String rawIdentifier) {
        Identifier identifier = Identifier.parse(rawIdentifier);
        UUID resetId = UUID.randomUUID();
        return throttle.admit(identifier)
                .flatMap(ignored -> accounts.findByIdentifier(identifier))
                .flatMap(account -> {
                    if (account == null) {
                        return Uni.createFrom().item(resetId);
                    }
                    Instant now = Instant.now(clock);
                    return resets.persist(new PasswordReset(resetId, account.getAccountId(), now))
                            .call(reset -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS,
                                    account.getAccountId(), EventTypes.PASSWORD_RESET_REQUESTED,
                                    account.getAccountId(), null,
                                    new PasswordResetRequested(resetId.toString(), account.getAccountId(), now))))
                            .replaceWith(resetId);
                });
    }

    /** Checks the code with notification-service, then changes the password in one transaction. */
    public Uni<Void> confirm(String rawResetId, String code, String newPassword) {
        PasswordPolicy.require("newPassword", newPassword);
        UUID resetId = parse(rawResetId);
        if (resetId == null) {
            return codes.refuseLikeAWrongCode(code);
        }
        return Panache.withSession(() -> resets.findById(resetId))
                .flatMap(reset -> {
                    if (reset == null || !reset.isPending()) {
                        return codes.refuseLikeAWrongCode(code);
                    }
                    return codes.check(CodeChecks.Purpose.PASSWORD_RESET, resetId.toString(), reset.getAccountId(), code)
                            .flatMap(result -> switch (result) {
                                case VALID -> hasher.hashAsync(newPassword)
                                        .flatMap(hash -> Panache.withTransaction(() -> change(resetId, hash)));
                                case EXHAUSTED -> Panache.withTransaction(() -> exhaust(resetId))
                                        .flatMap(x -> Uni.createFrom().failure(CodeChecks.exhausted()));
                                case INVALID -> Uni.createFrom().failure(CodeChecks.invalidCode());
                            });
                });
    }

    private Uni<Void> change(UUID resetId, String passwordHash) {
        Instant now = Instant.now(clock);
        return resets.findById(resetId, LockModeType.PESSIMISTIC_WRITE).flatMap(reset -> {
            if (reset == null || !reset.isPending()) {
                return Uni.createFrom().failure(CodeChecks.invalidCode());
            }
            reset.complete(now);
            String flowId = OutgoingEvent.newFlowId();
            return accounts.findById(reset.getAccountId())
                    .invoke(account -> account.changePassword(passwordHash, now))
                    .call(account -> guard.clear(account.getAccountId())) // a stranger's lockout ends here
                    .flatMap(account -> sessions.revokeAll(account.getAccountId(), SESSIONS_REVOKED_REASON, flowId))
                    .flatMap(revoked -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, reset.getAccountId(),
                            EventTypes.PASSWORD_CHANGED, reset.getAccountId(), flowId,
                            new PasswordChanged(reset.getAccountId(), resetId.toString(), now)))
                            .invoke(() -> Log.infof("password of account %s changed by reset; %d session(s) revoked",
                                    reset.getAccountId(), revoked)))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> exhaust(UUID resetId) {
        return resets.findById(resetId, LockModeType.PESSIMISTIC_WRITE)
                .invoke(reset -> {
                    if (reset != null && reset.isPending()) {
                        reset.exhaust(Instant.now(clock));
                    }
                }).replaceWithVoid();
    }

    private static UUID parse(String resetId) {
        try {
            return UUID.fromString(resetId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
