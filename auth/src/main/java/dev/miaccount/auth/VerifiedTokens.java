package dev.miaccount.auth;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * A token's RS256 signature is checked once, not on every request it comes with (it was an eighth of
 * device-service's CPU under My Devices): the token verified is kept, keyed by the whole token string — any other
 * string, a copy with one character changed included, is verified anew — until its {@code exp} or
 * {@code miaccount.auth.verified-tokens.max-age}, whichever is first. After that the parser decides again, as it
 * always did. Only the bearer tokens of requests go through here ({@link JWTParser#parse(String)}).
 */
@Decorator
@Priority(10)
public abstract class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, long validUntilMillis) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    @Delegate
    @Any
    JWTParser parser;

    @Inject
    @ConfigProperty(name = "miaccount.auth.verified-tokens.max-age")
    Duration maxAge;

    @Inject
    @ConfigProperty(name = "miaccount.auth.verified-tokens.max-entries")
    int maxEntries;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis();
        Verified kept = verified.get(token);
        if (kept != null) {
            if (kept.validUntilMillis() > now) {
                return kept.token();
            }
            verified.remove(token, kept);
        }
        JsonWebToken fresh = parser.parse(token);
        if (maxEntries > 0) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            long until = Math.min(fresh.getExpirationTime() * 1000, now + maxAge.toMillis());
            verified.put(token, new Verified(fresh, until));
        }
        return fresh;
    }
}
