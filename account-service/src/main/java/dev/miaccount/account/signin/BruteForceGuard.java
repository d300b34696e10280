package dev.miaccount.account.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Brute-force protection per account, after Keycloak's model: once {@code max-failures} consecutive password
 * failures are reached, the account is locked for {@code wait-increment} times the failures beyond the limit,
 * never longer than {@code max-wait}. Attempts during a lockout are refused without being counted or checked, so
 * nobody can lock a user out for longer than that; a success resets the count.
 */
@ApplicationScoped
public class BruteForceGuard {

    private final SignInFailureRepository failures;
    private final Clock clock;
    private final int maxFailures;
    private final Duration waitIncrement;
    private final Duration maxWait;

    public BruteForceGuard(SignInFailureRepository failures, Clock clock,
            @ConfigProperty(name = "miaccount.brute-force.max-failures") int maxFailures,
            @ConfigProperty(name = "miaccount.brute-force.wait-increment") Duration waitIncrement,
            @ConfigProperty(name = "miaccount.brute-force.max-wait") Duration maxWait) {
        if (maxFailures < 1 || maxFailures > 20) {
            throw new IllegalArgumentException("miaccount.brute-force.max-failures must be 1 to 20");
        }
        this.failures = failures;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.waitIncrement = waitIncrement;
        this.maxWait = maxWait;
    }

    /** Fails with 429 and the time left while the account is locked. Needs a session. */
    public Uni<Void> requireNotLocked(String accountId) {
        Instant now = Instant.now(clock);
        return failures.findById(accountId).map(failure -> {
            if (failure != null && failure.getLockedUntil() != null && failure.getLockedUntil().isAfter(now)) {
                Duration left = Duration.between(now, failure.getLockedUntil());
                throw new ProblemException(429, "too-many-attempts", "Too many attempts",
                        "too many failed sign-ins; try again in " + Math.max(1, left.toSeconds()) + " s", null, null,
                        left);
            }
            return null;
        });
    }

    /** Counts one more failure and locks when the limit is reached. Runs inside the caller's transaction. */
    public Uni<Void> recordFailure(String accountId) {
        Instant now = Instant.now(clock);
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO sign_in_failure AS f (account_id, consecutive_failures, locked_until, last_failure_at)
                VALUES (:account, 1, CASE WHEN 1 >= :max THEN CAST(:now AS timestamptz) + make_interval(secs => :step) END, :now)
                ON CONFLICT (account_id) DO UPDATE SET
                    consecutive_failures = f.consecutive_failures + 1,
                    last_failure_at = :now,
                    locked_until = CASE WHEN f.consecutive_failures + 1 >= :max
                        THEN CAST(:now AS timestamptz) + make_interval(secs => LEAST(:step * (f.consecutive_failures + 2 - :max), :cap))
                        END
                """)
                .setParameter("account", accountId)
                .setParameter("max", maxFailures)
                .setParameter("now", now)
                .setParameter("step", (double) waitIncrement.toSeconds())
                .setParameter("cap", (double) maxWait.toSeconds())
                .executeUpdate())
                .invoke(() -> Log.debugf("failed sign-in for account %s", accountId))
                .replaceWithVoid();
    }

    /** Runs inside the caller's transaction. */
    public Uni<Void> reset(String accountId) {
        return failures.deleteById(accountId).replaceWithVoid();
    }
}
