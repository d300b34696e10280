package dev.miaccount.account.passwordreset;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.account.signin.Identifier;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The resend cooldown and the hourly cap of reset requests, per identifier whether or not an account has it, so
 * that a 429 says nothing about who has an account.
 */
@ApplicationScoped
public class ResetThrottle {

    private final Clock clock;
    private final Duration cooldown;
    private final int hourlyCap;

    public ResetThrottle(Clock clock, @ConfigProperty(name = "miaccount.password-reset.cooldown") Duration cooldown,
            @ConfigProperty(name = "miaccount.password-reset.hourly-cap") int hourlyCap) {
        this.clock = clock;
        this.cooldown = cooldown;
        this.hourlyCap = hourlyCap;
    }

    /** Inside the caller's transaction: refuses (429) or records the request. */
    public Uni<Void> admit(Identifier identifier) {
        String digest = identifier.digest();
        Instant now = Instant.now(clock);
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "SELECT requested_at FROM password_reset_request WHERE identifier_digest = :digest"
                        + " AND requested_at > :since ORDER BY requested_at DESC", Instant.class)
                .setParameter("digest", digest).setParameter("since", now.minus(Duration.ofHours(1)))
                .getResultList()
                .flatMap(recent -> {
                    if (!recent.isEmpty() && recent.get(0).plus(cooldown).isAfter(now)) {
                        throw tooMany(Duration.between(now, recent.get(0).plus(cooldown)), "a code was sent a moment ago");
                    }
                    if (recent.size() >= hourlyCap) {
                        Instant oldest = recent.get(recent.size() - 1);
                        throw tooMany(Duration.between(now, oldest.plus(Duration.ofHours(1))),
                                "too many codes were asked for in the last hour");
                    }
                    return session.createNativeQuery("INSERT INTO password_reset_request (identifier_digest, requested_at)"
                            + " VALUES (:digest, :now)").setParameter("digest", digest).setParameter("now", now)
                            .executeUpdate().replaceWithVoid();
                }));
    }

    private static ProblemException tooMany(Duration wait, String why) {
        Duration atLeastOne = wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait;
        return new ProblemException(429, "too-many-attempts", "Too many attempts",
                why + "; try again in " + Math.max(1, atLeastOne.toSeconds()) + " s", null, null, atLeastOne);
    }
}
