package dev.miaccount.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.miaccount.problem.ProblemException;

/**
 * Who calls, from a verified access token: the account, the session, the phone of a device session, and when the
 * token was issued (a session not heard of long after that is refused).
 */
public record Caller(String accountId, UUID sessionId, String deviceId, Instant issuedAt) {

    /** Clocks of the issuer and this service may differ this much; a token issued later than that is forged. */
    private static final Duration ISSUE_SKEW = Duration.ofSeconds(60);

    /** @throws ProblemException 401 when the token names no account or session (it was not made for this API) */
    public static Caller of(JsonWebToken token) {
        String subject = token.getSubject();
        String sid = token.getClaim(TokenClaims.SESSION_ID);
        if (subject == null || sid == null) {
            throw unauthorized("the token names no account or session");
        }
        Instant issuedAt = Instant.ofEpochSecond(token.getIssuedAtTime());
        if (issuedAt.isAfter(Instant.now().plus(ISSUE_SKEW))) {
            throw unauthorized("the token is issued in the future");
        }
        try {
            return new Caller(subject, UUID.fromString(sid), token.getClaim(TokenClaims.DEVICE_ID), issuedAt);
        } catch (IllegalArgumentException e) {
            throw unauthorized("the token's session id is malformed");
        }
    }

    public boolean isDeviceSession() {
        return deviceId != null;
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail);
    }
}
