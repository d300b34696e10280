package dev.miaccount.account.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.account.account.Account;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Brute-force protection per account, after Keycloak's model, made to hold under parallel requests: every password
 * check first reserves an attempt — counted as a failure — in one SQL statement, and only a reserved attempt
 * reaches the hash; a success gives it back by clearing the count. Once {@code max-failures} are reached the
 * account is locked for {@code wait-increment} times the failures beyond the limit, never longer than
 * {@code max-wait}; attempts during a lockout are refused without being counted, the count starts again after
 * {@code failure-reset} without failures, and a completed password reset clears it, so nobody can keep the owner
 * out for ever. An identifier that matches no account is counted the same way under its digest, so its answers
 * (the lockout included) tell nothing.
 */
@ApplicationScoped
public class BruteForceGuard {

    /** Failures with this attempt: one more, or one alone when the last failure is older than failure-reset. */
    private static final String COUNT_AFTER_THIS_ATTEMPT = "(CASE WHEN a.last_failure_at < CAST(:now AS timestamptz)"
            + " - make_interval(secs => :reset) THEN 1 ELSE a.consecutive_failures + 1 END)";

    /** Counts the attempt unless the subject is locked (then no row changes); the lock starts at max-failures. */
    private static final String RESERVE = """
            INSERT INTO sign_in_attempt AS a (subject, consecutive_failures, locked_until, last_failure_at)
            VALUES (:subject, 1, CASE WHEN 1 >= :max THEN CAST(:now AS timestamptz) + make_interval(secs => :step) END, :now)
            ON CONFLICT (subject) DO UPDATE SET
                consecutive_failures = %1$s,
                last_failure_at = :now,
                locked_until = CASE WHEN %1$s >= :max
                    THEN CAST(:now AS timestamptz) + make_interval(secs => LEAST(:step * (%1$s + 1 - :max), :cap))
                    END
            WHERE a.locked_until IS NULL OR a.locked_until <= :now
            RETURNING locked_until
            """.formatted(COUNT_AFTER_THIS_ATTEMPT);

    private final Clock clock;
    private final int maxFailures;
    private final Duration waitIncrement;
    private final Duration maxWait;
    private final Duration failureReset;

    public BruteForceGuard(Clock clock,
            @ConfigProperty(name = "miaccount.brute-force.max-failures") int maxFailures,
            @ConfigProperty(name = "miaccount.brute-force.wait-increment") Duration waitIncrement,
            @ConfigProperty(name = "miaccount.brute-force.max-wait") Duration maxWait,
            @ConfigProperty(name = "miaccount.brute-force.failure-reset") Duration failureReset) {
        if (maxFailures < 1 || maxFailures > 20) {
            throw new IllegalArgumentException("miaccount.brute-force.max-failures must be 1 to 20");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.waitIncrement = waitIncrement;
        this.maxWait = maxWait;
        this.failureReset = failureReset;
    }

    /**
     * A reserved attempt. {@code locksUntil} is set when it was the one that reached the limit: should it fail, the
     * account is locked out until then.
     */
    public record Attempt(String subject, Instant locksUntil) {
    }

    /** Whose attempts these are: the account's, or for an unknown identifier the identifier's. */
    public static String subject(Account account, Identifier identifier) {
        return account != null ? account.getAccountId() : "unknown:" + identifier.digest();
    }

    /**
     * Reserves one attempt, in its own statement of the caller's transaction (commit it before hashing, so that
     * parallel attempts see it).
     *
     * @return the reserved attempt; a failure with 429 too-many-attempts and the time left while the subject is
     *         locked
     */
    public Uni<Attempt> reserve(String subject) {
        Instant now = Instant.now(clock);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RESERVE, Instant.class)
                .setParameter("subject", subject)
                .setParameter("max", maxFailures)
                .setParameter("now", now)
                .setParameter("step", (double) waitIncrement.toSeconds())
                .setParameter("cap", (double) maxWait.toSeconds())
                .setParameter("reset", (double) failureReset.toSeconds())
                .getResultList()
                .flatMap(reserved -> reserved.isEmpty() ? lockedOut(session, subject, now)
                        : Uni.createFrom().item(new Attempt(subject, reserved.get(0)))));
    }

    /** The attempt succeeded, or the password was reset: the count starts again. Runs in the caller's transaction. */
    public Uni<Void> clear(String subject) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("DELETE FROM sign_in_attempt WHERE subject = :subject")
                .setParameter("subject", subject).executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Attempt> lockedOut(org.hibernate.reactive.mutiny.Mutiny.Session session, String subject,
            Instant now) {
        return session.createNativeQuery("SELECT locked_until FROM sign_in_attempt WHERE subject = :subject",
                Instant.class).setParameter("subject", subject).getSingleResultOrNull()
                .flatMap(lockedUntil -> {
                    Duration left = lockedUntil == null ? Duration.ofSeconds(1) : Duration.between(now, lockedUntil);
                    long seconds = Math.max(1, left.toSeconds());
                    return Uni.createFrom().failure(new ProblemException(429, "too-many-attempts", "Too many attempts",
                            "too many failed sign-ins; try again in " + seconds + " s", null, null,
                            Duration.ofSeconds(seconds)));
                });
    }
}
