package dev.miaccount.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;

/**
 * Step-up tokens — the password asked again at account-service — before a step that lifts a lock or moves the
 * account. One is accepted when account-service signed it for the step-up audience, it has not expired, it was
 * issued to the calling session, and it has not been used before: its id is recorded in the same transaction as
 * the step it allows, so a step that fails leaves the token usable and a replay is refused.
 */
@ApplicationScoped
public class StepUpTokens {

    private final JWTParser parser;
    private final JWTAuthContextInfo stepUpContext;
    private final Clock clock;

    public StepUpTokens(JWTParser parser, JWTAuthContextInfo accessTokenContext, Clock clock) {
        this.parser = parser;
        this.stepUpContext = new JWTAuthContextInfo(accessTokenContext);
        this.stepUpContext.setExpectedAudience(Set.of(TokenClaims.STEP_UP_AUDIENCE));
        this.clock = clock;
    }

    /**
     * Runs inside the caller's transaction.
     *
     * @return a failure with 403 password-required unless the token is a fresh step-up of the caller's session
     */
    public Uni<Void> consume(String stepUpToken, Caller caller) {
        JsonWebToken token;
        try {
            token = verify(stepUpToken, caller);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Instant expiresAt = Instant.ofEpochSecond(token.getExpirationTime());
        // Ids of tokens long expired (beyond any clock skew) go in the same statement: the table stays small.
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                WITH expired AS (DELETE FROM used_step_up WHERE expires_at < CAST(:now AS timestamptz) - INTERVAL '10 minutes')
                INSERT INTO used_step_up (token_id, session_id, expires_at, used_at) VALUES (:id, :sid, :expires, :now)
                ON CONFLICT (token_id) DO NOTHING
                """)
                .setParameter("id", token.getTokenID())
                .setParameter("sid", caller.sessionId())
                .setParameter("expires", expiresAt)
                .setParameter("now", Instant.now(clock))
                .executeUpdate())
                .map(inserted -> {
                    if (inserted == 0) {
                        throw passwordRequired("this step-up token has been used; enter the password again");
                    }
                    return null;
                });
    }

    private JsonWebToken verify(String stepUpToken, Caller caller) {
        if (stepUpToken == null || stepUpToken.isBlank()) {
            throw passwordRequired("enter the account password again: a step-up token is required in "
                    + TokenClaims.STEP_UP_HEADER);
        }
        JsonWebToken token;
        try {
            token = parser.parse(stepUpToken, stepUpContext);
        } catch (ParseException e) {
            throw passwordRequired("the step-up token is invalid or expired; enter the password again");
        }
        if (!caller.accountId().equals(token.getSubject())
                || !caller.sessionId().toString().equals(token.getClaim(TokenClaims.SESSION_ID))) {
            throw passwordRequired("the step-up token belongs to another session");
        }
        if (token.getTokenID() == null || token.getTokenID().isBlank()) {
            throw passwordRequired("the step-up token has no id; enter the password again");
        }
        return token;
    }

    private static ProblemException passwordRequired(String detail) {
        return new ProblemException(403, "password-required", "Password required", detail);
    }
}
