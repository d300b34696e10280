package dev.miaccount.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.miaccount.problem.ProblemException;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;

/**
 * The per-client-address limits of {@link PerClientLimit}: a fixed one-minute window per limit and address, in
 * memory per replica — the limits are about abuse, not accounting. Over the limit: 429 too-many-requests with
 * Retry-After.
 */
@ApplicationScoped
public class ClientLimits {

    static final int FLOOR = 300;
    private static final int DEFAULT_PER_MINUTE = 600;

    private record Window(long minute, AtomicInteger calls) {
    }

    private final Map<String, Integer> perMinute = new ConcurrentHashMap<>();
    /** The limit of each resource method ("" for none), found once. */
    private final Map<String, String> limitOfMethod = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Config config;
    private final Clock clock;

    public ClientLimits(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @ServerRequestFilter
    public void limit(SimpleResourceInfo resource, HttpServerRequest request) {
        if (resource.getResourceClass() == null) {
            return;
        }
        String limit = limitOfMethod.computeIfAbsent(resource.getResourceClass().getName() + '#'
                + resource.getMethodName() + resource.parameterTypes().length, key -> limitOf(resource));
        if (!limit.isEmpty()) {
            acquire(limit, request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        }
    }

    /** @throws ProblemException 429 with Retry-After when this address is over the limit for this minute */
    public void acquire(String limit, String client) {
        int allowed = perMinute.computeIfAbsent(limit, this::configured);
        if (allowed == 0) {
            return;
        }
        long now = clock.millis();
        long minute = now / 60_000;
        Window window = windows.compute(limit + ' ' + client, (key, current) -> current == null
                || current.minute() != minute ? new Window(minute, new AtomicInteger()) : current);
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(entry -> entry.getValue().minute() != minute);
        }
        if (window.calls().incrementAndGet() > allowed) {
            Duration wait = Duration.ofSeconds(Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000));
            throw new ProblemException(429, "too-many-requests", "Too many requests",
                    "too many requests from your address; try again in " + wait.toSeconds() + " s", null, null, wait);
        }
    }

    private int configured(String limit) {
        int value = config.getOptionalValue("miaccount.client-limit." + limit, Integer.class).orElse(DEFAULT_PER_MINUTE);
        if (value != 0 && value < FLOOR) {
            Log.warnf("miaccount.client-limit.%s=%d is below the floor of %d a minute; %d is used", limit, value,
                    FLOOR, FLOOR);
            return FLOOR;
        }
        return value;
    }

    private static String limitOf(SimpleResourceInfo resource) {
        try {
            PerClientLimit limit = resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes()).getAnnotation(PerClientLimit.class);
            return limit == null ? "" : limit.value();
        } catch (NoSuchMethodException e) {
            return "";
        }
    }
}
