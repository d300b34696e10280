package dev.miaccount.account.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.account.Account;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.SessionCheck;
import dev.miaccount.auth.StepUpTokens;
import dev.miaccount.events.DeviceSessionsRevoked;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.SessionOpened;
import dev.miaccount.events.SessionRevoked;
import dev.miaccount.events.SignedOutEverywhere;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Opens, checks and revokes sessions; every change leaves with its event. It is this service's
 * {@link SessionCheck}: the auth module's filter asks it about every request with a token.
 */
@ApplicationScoped
public class SessionService implements SessionCheck {

    public static final String REASON_SIGNED_OUT = "SIGNED_OUT";
    public static final String REASON_REVOKED = "REVOKED";
    public static final String REASON_SIGNED_OUT_EVERYWHERE = "SIGNED_OUT_EVERYWHERE";
    /** lastUsedAt is written when it is older than this, so a busy session costs one write per interval. */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(5);
    public static final String REASON_BINDING_REJECTED = "BINDING_REJECTED";

    private final SessionRepository sessions;
    private final StepUpTokens stepUp;
    private final Outbox outbox;
    private final Pool pool;
    private final Clock clock;

    public SessionService(SessionRepository sessions, StepUpTokens stepUp, Outbox outbox, Pool pool, Clock clock) {
        this.sessions = sessions;
        this.stepUp = stepUp;
        this.outbox = outbox;
        this.pool = pool;
        this.clock = clock;
    }

    /** Runs inside the caller's transaction. {@code device} null for a web session. */
    public Uni<Session> open(Account account, DeviceInfo device) {
        Instant now = Instant.now(clock);
        Session session = device == null ? Session.web(account.getAccountId(), now)
                : Session.device(account.getAccountId(), device, now);
        return sessions.persist(session)
                .call(saved -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, saved.getAccountId(),
                        EventTypes.SESSION_OPENED, saved.getAccountId(), null, opened(saved))))
                .invoke(saved -> Log.infof("account %s opened a %s session", saved.getAccountId(), saved.getKind()));
    }

    /** The caller's session must still be active: a revoked session's token is refused at once. */
    @WithSession
    public Uni<Session> requireActive(Caller caller) {
        return sessions.findById(caller.sessionId()).map(session -> {
            if (session == null || !session.isActive() || !session.getAccountId().equals(caller.accountId())) {
                throw new ProblemException(401, "unauthorized", "Unauthorized", "this session has been signed out");
            }
            return session;
        });
    }

    @Override
    public Uni<Void> requireLive(Caller caller) {
        return Panache.withSession(() -> requireActive(caller)).invoke(this::markUsed).replaceWithVoid();
    }

    /**
     * Notes the use when the last one noted is older than {@link #LAST_USED_PRECISION}: off the request's path, on
     * a pooled connection of its own, and harmless if lost.
     */
    private void markUsed(Session session) {
        Instant now = Instant.now(clock);
        if (session.getLastUsedAt() != null && session.getLastUsedAt().isAfter(now.minus(LAST_USED_PRECISION))) {
            return;
        }
        pool.preparedQuery("UPDATE session SET last_used_at = $1 WHERE session_id = $2"
                + " AND (last_used_at IS NULL OR last_used_at < $1)")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), session.getSessionId()))
                .subscribe().with(ignored -> { }, failure -> Log.debugf("lastUsedAt not noted: %s",
                        failure.getMessage()));
    }

    /** The account's live sessions, oldest first. */
    @WithSession
    public Uni<List<Session>> liveOf(Caller caller) {
        return sessions.activeOf(caller.accountId());
    }

    /** Ends one session of the caller's account (its phone stays bound); another account's is a 404. */
    @WithTransaction
    public Uni<Void> revokeOne(Caller caller, UUID sessionId) {
        return sessions.findById(sessionId).flatMap(session -> {
            if (session == null || !session.getAccountId().equals(caller.accountId())) {
                return Uni.createFrom().failure(ProblemException.notFound("no session " + sessionId
                        + " of your account"));
            }
            return revoke(session, REASON_REVOKED, null);
        });
    }

    /**
     * Sign out everywhere, with the password again: every session but the caller's is revoked under one flowId,
     * and one {@code account.signed-out-everywhere.v1} names them. Phones stay bound.
     *
     * @return the flow's id
     */
    @WithTransaction
    public Uni<String> signOutEverywhere(Caller caller, String stepUpToken) {
        String flowId = OutgoingEvent.newFlowId();
        return stepUp.consume(stepUpToken, caller)
                .flatMap(ignored -> sessions.activeOf(caller.accountId()))
                .map(active -> active.stream().filter(s -> !s.getSessionId().equals(caller.sessionId())).toList())
                .call(others -> revokeEach(others, REASON_SIGNED_OUT_EVERYWHERE, flowId))
                .call(others -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, caller.accountId(),
                        EventTypes.SIGNED_OUT_EVERYWHERE, caller.accountId(), flowId,
                        new SignedOutEverywhere(caller.accountId(), caller.sessionId().toString(),
                                others.stream().map(s -> s.getSessionId().toString()).toList(),
                                Instant.now(clock)))))
                .invoke(others -> Log.infof("account %s signed out everywhere: %d session(s) revoked",
                        caller.accountId(), others.size()))
                .replaceWith(flowId);
    }

    @WithTransaction
    public Uni<Void> revokeCurrent(Caller caller) {
        return requireActive(caller).flatMap(session -> revoke(session, REASON_SIGNED_OUT, null));
    }

    /** Runs inside the caller's transaction; revoking a revoked session does nothing. */
    public Uni<Void> revoke(Session session, String reason, String flowId) {
        if (!session.isActive()) {
            return Uni.createFrom().voidItem();
        }
        session.revoke(reason, Instant.now(clock));
        return outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, session.getAccountId(),
                EventTypes.SESSION_REVOKED, session.getAccountId(), flowId,
                new SessionRevoked(session.getSessionId().toString(), session.getAccountId(), session.getDeviceId(),
                        reason, session.getRevokedAt())))
                .invoke(() -> Log.infof("session of account %s revoked: %s", session.getAccountId(), reason))
                .replaceWithVoid();
    }

    /**
     * A device flow's step, inside the caller's transaction (the device-events consumer's): every active session of
     * the phone on the account is revoked, each with its {@code account.session-revoked.v1}, then one
     * {@code account.device-sessions-revoked.v1} names them — also when none was left to revoke, so that the flow
     * always goes on. Every event carries the flow's id.
     *
     * @return the ids of the sessions revoked now
     */
    public Uni<List<UUID>> revokeDevice(String accountId, String deviceId, DeviceRequest request, String flowId) {
        return sessions.activeOnDevice(accountId, deviceId)
                .call(active -> revokeEach(active, request.sessionReason(), flowId))
                .map(active -> active.stream().map(Session::getSessionId).toList())
                .call(revoked -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS, accountId,
                        EventTypes.DEVICE_SESSIONS_REVOKED, accountId, flowId,
                        new DeviceSessionsRevoked(accountId, deviceId, revoked.stream().map(UUID::toString).toList(),
                                request.name(), Instant.now(clock)))))
                .invoke(revoked -> Log.infof("%s of device %s on account %s: %d session(s) revoked", request, deviceId,
                        accountId, revoked.size()));
    }

    /** Every session of the account goes (a password change), inside the caller's transaction. */
    public Uni<Integer> revokeAll(String accountId, String reason, String flowId) {
        return sessions.activeOf(accountId).call(active -> revokeEach(active, reason, flowId)).map(List::size);
    }

    /**
     * device-service refused to bind the phone to the account this session was opened for: the session goes, inside
     * the caller's transaction. A session that is unknown, already revoked, or not that account's on that phone is
     * left alone.
     */
    public Uni<Void> revokeRejectedBinding(UUID sessionId, String accountId, String deviceId, String flowId) {
        return sessions.findById(sessionId).flatMap(session -> {
            if (session == null || !session.getAccountId().equals(accountId)
                    || !Objects.equals(session.getDeviceId(), deviceId)) {
                Log.warnf("binding of device %s to account %s rejected, but session %s is not that device session",
                        deviceId, accountId, sessionId);
                return Uni.createFrom().voidItem();
            }
            return revoke(session, REASON_BINDING_REJECTED, flowId);
        });
    }

    /** One after another: a reactive Hibernate session takes one operation at a time. */
    private Uni<Void> revokeEach(List<Session> active, String reason, String flowId) {
        return Multi.createFrom().iterable(active)
                .onItem().transformToUniAndConcatenate(session -> revoke(session, reason, flowId).replaceWith(session))
                .collect().asList()
                .replaceWithVoid();
    }

    private static SessionOpened opened(Session session) {
        SessionOpened.Device device = session.getKind() == Session.Kind.DEVICE
                ? new SessionOpened.Device(session.getDeviceId(), session.getDeviceModel(), session.getRomRegion(),
                        Boolean.TRUE.equals(session.getFindDevice()))
                : null;
        return new SessionOpened(session.getSessionId().toString(), session.getAccountId(), session.getKind().name(),
                device, session.getOpenedAt());
    }
}
