package dev.miaccount.account.deletion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.miaccount.account.account.AccountRepository;
import dev.miaccount.account.activity.ActivityRepository;
import dev.miaccount.account.contactchange.ContactChangeRepository;
import dev.miaccount.account.passwordreset.PasswordResetRepository;
import dev.miaccount.account.personaldata.PersonalDataKeys;
import dev.miaccount.account.session.SessionRepository;
import dev.miaccount.account.session.SessionService;
import dev.miaccount.account.signin.BruteForceGuard;
import dev.miaccount.account.verification.CodeChecks;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.StepUpTokens;
import dev.miaccount.events.AccountDeleted;
import dev.miaccount.events.AccountDeletionRequested;
import dev.miaccount.events.AccountDeletionStarted;
import dev.miaccount.events.AccountDevicesRemoved;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Deleting the account. Asking needs the password again and sends a code (notification-service makes, sends and
 * checks it, as for a reset); the code confirmed, the account answers as an unknown one, every session is revoked
 * and {@code account.deletion-started.v1} starts the erasure flow. device-service removes the phones and answers
 * {@code device.account-devices-removed.v1}; then this service erases the account — a tombstone of its id is all
 * that stays, and its data key is destroyed — and {@code account.deleted.v1} lets notification-service go last.
 */
@ApplicationScoped
public class AccountDeletionService {

    /** The reason of the sessions the deletion revokes. */
    public static final String SESSIONS_REVOKED_REASON = "ACCOUNT_DELETED";

    private final AccountDeletionRepository deletions;
    private final AccountRepository accounts;
    private final SessionService sessions;
    private final SessionRepository sessionRows;
    private final PasswordResetRepository resets;
    private final ContactChangeRepository contactChanges;
    private final ActivityRepository activity;
    private final BruteForceGuard guard;
    private final PersonalDataKeys dataKeys;
    private final StepUpTokens stepUp;
    private final CodeChecks codes;
    private final Outbox outbox;
    private final Clock clock;

    public AccountDeletionService(AccountDeletionRepository deletions, AccountRepository accounts,
            SessionService sessions, SessionRepository sessionRows, PasswordResetRepository resets,
            ContactChangeRepository contactChanges, ActivityRepository activity, BruteForceGuard guard,
            PersonalDataKeys dataKeys, StepUpTokens stepUp, CodeChecks codes, Outbox outbox, Clock clock) {
        this.deletions = deletions;
        this.accounts = accounts;
        this.sessions = sessions;
        this.sessionRows = sessionRows;
        this.resets = resets;
        this.contactChanges = contactChanges;
        this.activity = activity;
        this.guard = guard;
        this.dataKeys = dataKeys;
        this.stepUp = stepUp;
        this.codes = codes;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The password again, then a code to the account's phone (else email); an earlier request no longer counts. */
    @WithTransaction
    public Uni<UUID> request(Caller caller, String stepUpToken) {
        Instant now = Instant.now(clock);
        return stepUp.consume(stepUpToken, caller)
                .flatMap(ignored -> deletions.pendingOf(caller.accountId()))
                .invoke(pending -> pending.forEach(AccountDeletion::supersede))
                .flatMap(ignored -> deletions.persist(new AccountDeletion(caller.accountId(), now)))
                .call(deletion -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, caller.accountId(),
                        EventTypes.ACCOUNT_DELETION_REQUESTED, caller.accountId(), null,
                        new AccountDeletionRequested(deletion.getDeletionId().toString(), caller.accountId(), now))))
                .invoke(deletion -> Log.infof("account %s asked to be deleted: %s", caller.accountId(),
                        deletion.getDeletionId()))
                .map(AccountDeletion::getDeletionId);
    }

    /** Checks the code with notification-service, then starts the erasure in one transaction; its flowId. */
    public Uni<String> confirm(Caller caller, String rawDeletionId, String code) {
        UUID deletionId = parse(rawDeletionId);
        if (deletionId == null) {
            return codes.refuseLikeAWrongCode(code);
        }
        return Panache.withSession(() -> deletions.findById(deletionId)).flatMap(deletion -> {
            if (deletion == null || !deletion.isPendingFor(caller.accountId())) {
                return codes.refuseLikeAWrongCode(code);
            }
            return codes.check(CodeChecks.Purpose.ACCOUNT_DELETION, deletionId.toString(), caller.accountId(), code)
                    .flatMap(result -> switch (result) {
                        case VALID -> Panache.withTransaction(() -> start(deletionId, caller.accountId()));
                        case EXHAUSTED -> Panache.withTransaction(() -> exhaust(deletionId))
                                .flatMap(ignored -> Uni.createFrom().failure(CodeChecks.exhausted()));
                        case INVALID -> Uni.createFrom().failure(CodeChecks.invalidCode());
                    });
        });
    }

    private Uni<String> start(UUID deletionId, String accountId) {
        Instant now = Instant.now(clock);
        String flowId = OutgoingEvent.newFlowId();
        return deletions.findById(deletionId, LockModeType.PESSIMISTIC_WRITE).flatMap(deletion -> {
            if (deletion == null || !deletion.isPendingFor(accountId)) {
                return Uni.createFrom().failure(CodeChecks.invalidCode());
            }
            deletion.confirm(flowId);
            return accounts.findById(accountId, LockModeType.PESSIMISTIC_WRITE)
                    .invoke(account -> account.startDeletion(now))
                    .flatMap(account -> sessions.revokeAll(accountId, SESSIONS_REVOKED_REASON, flowId))
                    .call(revoked -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, accountId,
                            EventTypes.ACCOUNT_DELETION_STARTED, accountId, flowId,
                            new AccountDeletionStarted(accountId, deletionId.toString(), now))))
                    .invoke(revoked -> Log.infof("deletion of account %s confirmed (flow %s); %d session(s) revoked",
                            accountId, flowId, revoked))
                    .replaceWith(flowId);
        });
    }

    private Uni<Void> exhaust(UUID deletionId) {
        return deletions.findById(deletionId, LockModeType.PESSIMISTIC_WRITE)
                .invoke(deletion -> {
                    if (deletion != null) {
                        deletion.exhaust();
                    }
                }).replaceWithVoid();
    }

    /**
     * The erasure flow's step here, inside the device-events consumer's transaction: device-service has removed the
     * phones, so the account goes — its sessions, resets, contact changes, deletions, activity, lockout and data key
     * — leaving a tombstone of its id; then {@code account.deleted.v1}. An account not being deleted is left alone.
     */
    public Uni<Void> erase(AccountDevicesRemoved removed, String flowId) {
        String accountId = removed.accountId();
        long started = System.nanoTime();
        return accounts.findById(accountId, LockModeType.PESSIMISTIC_WRITE).flatMap(account -> {
            if (account == null || !account.isBeingDeleted()) {
                Log.warnf("device-service removed the phones of account %s, which is not being deleted: nothing"
                        + " erased", accountId);
                return Uni.createFrom().voidItem();
            }
            Instant now = Instant.now(clock);
            return sessionRows.delete("accountId", accountId)
                    .call(() -> resets.delete("accountId", accountId))
                    .call(() -> contactChanges.delete("accountId", accountId))
                    .call(() -> deletions.delete("accountId", accountId))
                    .call(() -> activity.delete("accountId", accountId))
                    .call(() -> guard.clear(accountId))
                    .call(() -> dataKeys.destroy(accountId))
                    .call(() -> accounts.delete(account))
                    .call(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                            "INSERT INTO account_tombstone (account_id, deleted_at) VALUES (:id, :at)"
                                    + " ON CONFLICT (account_id) DO NOTHING")
                            .setParameter("id", accountId).setParameter("at", now).executeUpdate()))
                    .call(() -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, accountId,
                            EventTypes.ACCOUNT_DELETED, accountId, flowId, new AccountDeleted(accountId, now))))
                    .invoke(() -> Log.infof("account %s erased (%d phone(s) removed by device-service) in %d ms",
                            accountId, removed.deviceIds() == null ? 0 : removed.deviceIds().size(),
                            Duration.ofNanos(System.nanoTime() - started).toMillis()))
                    .replaceWithVoid();
        });
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }
}
