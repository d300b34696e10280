package dev.miaccount.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * account-service's sessions as its events tell them, for the services that do not own sessions. A revoked
 * session is refused at once; one never heard of is given {@code miaccount.auth.unknown-session-grace} from the
 * token's issue for its opening event to arrive, and refused after that (it was never opened, or this service
 * lost it).
 */
@DefaultBean
@ApplicationScoped
public class TrackedSessions implements SessionCheck {

    private final TrackedSessionRepository sessions;
    private final Clock clock;
    private final Duration grace;

    public TrackedSessions(TrackedSessionRepository sessions, Clock clock,
            @ConfigProperty(name = "miaccount.auth.unknown-session-grace") Duration grace) {
        this.sessions = sessions;
        this.clock = clock;
        this.grace = grace;
    }

    /** Runs inside the consumer's transaction; a second opening of the same session changes nothing. */
    public Uni<Void> opened(UUID sessionId, String accountId, String deviceId) {
        return sessions.findById(sessionId).flatMap(existing -> existing != null ? Uni.createFrom().voidItem()
                : sessions.persist(new TrackedSession(sessionId, accountId, deviceId, false, Instant.now(clock)))
                        .replaceWithVoid());
    }

    /** Runs inside the consumer's transaction; a revocation may arrive before the opening it revokes. */
    public Uni<Void> revoked(List<UUID> sessionIds, String accountId, String deviceId) {
        Instant now = Instant.now(clock);
        return Multi.createFrom().iterable(sessionIds)
                .onItem().transformToUniAndConcatenate(sessionId -> sessions.findById(sessionId).flatMap(existing -> {
                    if (existing == null) {
                        return sessions.persist(new TrackedSession(sessionId, accountId, deviceId, true, now))
                                .replaceWithVoid();
                    }
                    existing.revoke(now);
                    return Uni.createFrom().voidItem();
                }))
                .collect().asList().replaceWithVoid();
    }

    @Override
    public Uni<Void> requireLive(Caller caller) {
        return sessions.findById(caller.sessionId()).map(session -> {
            if (session == null) {
                // The token's iat is the issuer's wall clock, so the grace is measured on the wall clock too.
                if (caller.issuedAt().plus(grace).isBefore(Instant.now())) {
                    throw Caller.unauthorized("this session is not known; sign in again");
                }
                return null;
            }
            if (session.isRevoked() || !session.getAccountId().equals(caller.accountId())) {
                throw Caller.unauthorized("this session has been signed out");
            }
            return null;
        });
    }
}
