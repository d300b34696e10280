package dev.miaccount.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.messaging.changes.DatabaseChanges;
import dev.miaccount.messaging.changes.NotifiedCache;
import io.quarkus.arc.DefaultBean;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * account-service's sessions as its events tell them, for the services that do not own sessions. A revoked
 * session is refused at once; one never heard of is given {@code miaccount.auth.unknown-session-grace} from the
 * token's issue for its opening event to arrive, and refused after that (it was never opened, or this service
 * lost it).
 *
 * <p>Every request asks, so the answer is kept in memory ({@link NotifiedCache}): a trigger on {@code tracked_session}
 * notifies {@code tracked_session_changed} with the session's id when a transaction revokes (or erases) it, and every
 * replica forgets it at that commit. Only sessions found are kept; a session not known yet is asked of the database
 * each time, as its opening may arrive any moment.
 */
@DefaultBean
@ApplicationScoped
public class TrackedSessions implements SessionCheck {

    static final String CHANGES_CHANNEL = "tracked_session_changed";

    /** What a request needs of a known session: whose it is, and whether it is over (for good). */
    private record Known(String accountId, boolean revoked) {
    }

    private final TrackedSessionRepository sessions;
    private final Clock clock;
    private final Duration grace;
    private final NotifiedCache<UUID, Known> known;

    public TrackedSessions(TrackedSessionRepository sessions, Clock clock,
            @ConfigProperty(name = "miaccount.auth.unknown-session-grace") Duration grace,
            DatabaseChanges changes,
            @ConfigProperty(name = "miaccount.views.max-age") Duration maxAge,
            @ConfigProperty(name = "miaccount.views.max-entries") int maxEntries) {
        this.sessions = sessions;
        this.clock = clock;
        this.grace = grace;
        this.known = new NotifiedCache<>(UUID::fromString, maxAge, maxEntries);
        changes.listen(CHANGES_CHANNEL, known);
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
        Known cached = known.get(caller.sessionId());
        if (cached != null) {
            return check(cached, caller);
        }
        long ticket = known.ticket();
        return Panache.withSession(() -> sessions.findById(caller.sessionId())).flatMap(session -> {
            if (session == null) {
                // The token's iat is the issuer's wall clock, so the grace is measured on the wall clock too.
                if (caller.issuedAt().plus(grace).isBefore(Instant.now())) {
                    return Uni.createFrom().failure(Caller.unauthorized("this session is not known; sign in again"));
                }
                return Uni.createFrom().voidItem();
            }
            Known read = new Known(session.getAccountId(), session.isRevoked());
            known.put(caller.sessionId(), read, ticket);
            return check(read, caller);
        });
    }

    private static Uni<Void> check(Known session, Caller caller) {
        if (session.revoked() || !session.accountId().equals(caller.accountId())) {
            return Uni.createFrom().failure(Caller.unauthorized("this session has been signed out"));
        }
        return Uni.createFrom().voidItem();
    }
}
