package dev.miaccount.auth;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.miaccount.problem.ProblemException;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Step-up tokens — the password asked again at account-service — before a step that lifts a lock or moves the
 * account. One is accepted when account-service signed it for the step-up audience, it has not expired, it was
 * issued to the calling session, and it has not been used before: its id is recorded the moment it is presented,
 * so a second use — even after the first step failed — is refused like a missing token.
 */
@ApplicationScoped
public class StepUpTokens {

    private final JWTParser parser;
    private final JWTAuthContextInfo stepUpContext;
    private final Pool pool;
    private final Clock clock;

    public StepUpTokens(JWTParser parser, JWTAuthContextInfo accessTokenContext, Pool pool, Clock clock) {
        this.pool = pool;
        this.parser = parser;
        this.stepUpContext = new JWTAuthContextInfo(accessTokenContext);
        this.stepUpContext.setExpectedAudience(Set.of(TokenClaims.STEP_UP_AUDIENCE));
        this.clock = clock;
    }

    /**
     * Needs no transaction; call it after the checks that do not need the password (state, ownership), so that
     * a refusal for those does not use the token up.
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
        Instant now = Instant.now(clock);
        // Its own statement on its own connection, committed at once: the token is used up when it is presented,
        // whatever becomes of the step (a 409 of the step must not hand the token back). Ids of tokens long
        // expired (beyond any clock skew) go in the same statement, so the table stays small.
        return pool.preparedQuery("""
                WITH expired AS (DELETE FROM used_step_up WHERE expires_at < CAST($4 AS timestamptz) - INTERVAL '10 minutes')
                INSERT INTO used_step_up (token_id, session_id, expires_at, used_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (token_id) DO NOTHING
                """)
                .execute(Tuple.of(token.getTokenID(), caller.sessionId(),
                        Instant.ofEpochSecond(token.getExpirationTime()).atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
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
