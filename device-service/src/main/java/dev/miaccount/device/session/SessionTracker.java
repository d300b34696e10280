package dev.miaccount.device.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Follows account-service's sessions through its events, so that a token of a revoked session is refused here at
 * once. A session not heard of yet is not refused: its opening event may still be on its way.
 */
@ApplicationScoped
public class SessionTracker {

    private final SessionViewRepository sessions;
    private final Clock clock;

    public SessionTracker(SessionViewRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Runs inside the consumer's transaction. */
    public Uni<Void> opened(UUID sessionId, String accountId, String deviceId) {
        return sessions.findById(sessionId).flatMap(existing -> existing != null ? Uni.createFrom().voidItem()
                : sessions.persist(new SessionView(sessionId, accountId, deviceId, false, Instant.now(clock)))
                        .replaceWithVoid());
    }

    /** Runs inside the consumer's transaction; a revocation may arrive before the opening it revokes. */
    public Uni<Void> revoked(List<UUID> sessionIds, String accountId, String deviceId) {
        Instant now = Instant.now(clock);
        Uni<Void> all = Uni.createFrom().voidItem();
        for (UUID sessionId : sessionIds) {
            all = all.flatMap(ignored -> sessions.findById(sessionId).flatMap(existing -> {
                if (existing == null) {
                    return sessions.persist(new SessionView(sessionId, accountId, deviceId, true, now))
                            .replaceWithVoid();
                }
                existing.revoke(now);
                return Uni.createFrom().voidItem();
            }));
        }
        return all;
    }

    /** Needs a session. @throws ProblemException 401 when the caller's session is known to be revoked */
    public Uni<Void> requireNotRevoked(Caller caller) {
        return sessions.findById(caller.sessionId()).map(session -> {
            if (session != null && session.isRevoked()) {
                throw new ProblemException(401, "unauthorized", "Unauthorized", "this session has been signed out");
            }
            return null;
        });
    }
}
