package dev.miaccount.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.problem.Problem;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Who may look: the dashboard shows every account's activity, so outside the local run it is an operator's view
 * behind a credential (DESIGN.md, "Trust").
 * <ul>
 * <li>{@code miaccount.dashboard.operator-password} set: every page, API, stream and {@code /q} endpoint asks for
 * HTTP Basic {@code operator:<password>} — a browser shows its own prompt, and then sends the credential with the
 * page's fetch and EventSource requests too. Only {@code /q/health} stays open, for container health checks.</li>
 * <li>not set: open only when {@code miaccount.dashboard.open=true}, the default of the local run and the tests;
 * the {@code production} profile turns it off.</li>
 * <li>neither: the dashboard refuses to start, rather than serve nobody or everybody.</li>
 * </ul>
 * A Vert.x filter rather than a JAX-RS one, so that the static page and {@code /q/openapi} are covered too.
 */
@ApplicationScoped
public class OperatorAccess {

    static final String USER = "operator";
    static final String REALM = "Mi Account event dashboard";
    /** The smallest operator password accepted: a short one falls to guessing over the network. */
    static final int MIN_PASSWORD_LENGTH = 12;
    /** Before the header filters of quarkus.http.header (which still add theirs to the 401), after nothing else. */
    private static final int PRIORITY = 1000;

    private final Optional<String> password;
    private final boolean open;
    private final ObjectMapper json;
    private final byte[] expected;

    public OperatorAccess(
            @ConfigProperty(name = "miaccount.dashboard.operator-password") Optional<String> password,
            @ConfigProperty(name = "miaccount.dashboard.open", defaultValue = "false") boolean open,
            ObjectMapper json) {
        this.password = password.filter(p -> !p.isEmpty());
        this.open = open;
        this.json = json;
        this.expected = this.password.map(p -> sha256(USER + ":" + p)).orElse(null);
    }

    /**
     * Checked at startup, before anything else starts (priority 0: ahead of the Kafka connector, whose failures
     * would otherwise hide this one): a misconfigured dashboard stops with a reason, never runs unprotected.
     */
    void check(@Observes @Priority(0) StartupEvent start) {
        requireConfigured(password, open);
        if (password.isPresent()) {
            Log.infof("event dashboard: operator credential required (HTTP Basic, user '%s')", USER);
        } else {
            Log.warn("event dashboard: open to anyone who can reach it (miaccount.dashboard.open=true, no "
                    + "miaccount.dashboard.operator-password): for the local run only");
        }
    }

    static void requireConfigured(Optional<String> password, boolean open) {
        if (password.isPresent() && password.get().length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("miaccount.dashboard.operator-password (MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD)"
                    + " must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
        if (password.isEmpty() && !open) {
            throw new IllegalStateException("The event dashboard shows every account's activity and needs an operator"
                    + " credential here: set MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD (miaccount.dashboard.operator-password,"
                    + " at least " + MIN_PASSWORD_LENGTH + " characters), or MIACCOUNT_DASHBOARD_OPEN=true"
                    + " (miaccount.dashboard.open) to leave it open on a machine of your own");
        }
    }

    void register(@Observes Filters filters) {
        if (password.isPresent()) {
            filters.register(this::filter, PRIORITY);
        }
    }

    private void filter(RoutingContext request) {
        String path = request.normalizedPath();
        if (path.equals("/q/health") || path.startsWith("/q/health/") || authorized(request)) {
            request.next();
            return;
        }
        Problem problem = new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401,
                "The event dashboard is for operators: sign in as '" + USER + "' with the operator password"
                        + " (HTTP Basic).", path, null, null);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        request.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"")
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }

    private boolean authorized(RoutingContext request) {
        String header = request.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 6 || !header.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return false;
        }
        byte[] credential;
        try {
            credential = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        // Compared as digests: MessageDigest.isEqual takes the same time wherever the first difference is, and
        // comparing fixed-length digests keeps the password's length out of the timing too.
        return MessageDigest.isEqual(sha256(credential), expected);
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
