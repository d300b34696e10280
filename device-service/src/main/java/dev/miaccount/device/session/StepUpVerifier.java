package dev.miaccount.device.session;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.miaccount.problem.ProblemException;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Checks a step-up token — the password asked again at account-service — before a sensitive step: signed by
 * account-service, for the step-up audience, not expired, and issued to the calling session.
 */
@ApplicationScoped
public class StepUpVerifier {

    private final JWTParser parser;
    private final JWTAuthContextInfo stepUpContext;

    public StepUpVerifier(JWTParser parser, JWTAuthContextInfo accessTokenContext,
            @ConfigProperty(name = "miaccount.token.step-up-audience") String audience) {
        this.parser = parser;
        this.stepUpContext = new JWTAuthContextInfo(accessTokenContext);
        this.stepUpContext.setExpectedAudience(Set.of(audience));
    }

    /** @throws ProblemException 403 password-required unless the token is a valid step-up of the caller's session */
    public void require(String stepUpToken, Caller caller) {
        if (stepUpToken == null || stepUpToken.isBlank()) {
            throw passwordRequired("enter the account password again: a step-up token is required");
        }
        try {
            JsonWebToken token = parser.parse(stepUpToken, stepUpContext);
            if (!caller.accountId().equals(token.getSubject())
                    || !caller.sessionId().toString().equals(token.getClaim("sid"))) {
                throw passwordRequired("the step-up token belongs to another session");
            }
        } catch (ParseException e) {
            throw passwordRequired("the step-up token is invalid or expired; enter the password again");
        }
    }

    private static ProblemException passwordRequired(String detail) {
        return new ProblemException(403, "password-required", "Password required", detail);
    }
}
