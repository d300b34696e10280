package dev.miaccount.auth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.miaccount.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * The internal API ({@link InternalApi}, everything under {@code /internal}) answers only the other services:
 * {@code Authorization: Bearer <miaccount.internal.token>} (environment {@code MIACCOUNT_INTERNAL_TOKEN}), compared
 * in constant time. Missing or wrong: 401 problem, before the body is read. No token configured: every call is
 * refused. This filter runs before the live-session check and never hands the header to the JWT mechanism, so the
 * credential (not a JWT) is not mistaken for a bad access token.
 */
@ApplicationScoped
public class ServiceCredential {

    static final String PROPERTY = "miaccount.internal.token";
    private static final String BEARER = "bearer ";

    /** SHA-256 of the configured token, so that the comparison takes the same time whatever the lengths. */
    private final byte[] expected;

    /** Whether this service has an internal API to serve (a service without one needs no credential). */
    private final boolean servesInternalApi;

    public ServiceCredential(@ConfigProperty(name = PROPERTY) Optional<String> token,
            @ConfigProperty(name = "miaccount.internal.port") OptionalInt port) {
        this.expected = token.filter(t -> !t.isBlank()).map(ServiceCredential::digest).orElse(null);
        this.servesInternalApi = port.isPresent();
    }

    void warnWhenMissing(@Observes StartupEvent event) {
        if (expected == null && servesInternalApi) {
            Log.warnf("%s (MIACCOUNT_INTERNAL_TOKEN) is not set: the internal API (/internal/*) refuses every call,"
                    + " so the other services cannot use it", PROPERTY);
        }
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void requireServiceCredential(SimpleResourceInfo resource, UriInfo uri, HttpHeaders headers) {
        if (!internal(resource, uri)) {
            return;
        }
        if (expected == null) {
            throw unauthorized("the internal API is closed: no service credential is configured");
        }
        if (!accepts(headers.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
            throw unauthorized("the internal API needs the service credential");
        }
    }

    /** @return whether {@code authorization} is {@code Bearer <the configured token>} */
    boolean accepts(String authorization) {
        if (expected == null || authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(authorization.substring(BEARER.length()).trim()));
    }

    private static boolean internal(SimpleResourceInfo resource, UriInfo uri) {
        return (resource.getResourceClass() != null && resource.getResourceClass().isAnnotationPresent(
                InternalApi.class)) || uri.getPath().startsWith("/internal");
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail);
    }
}
