package dev.miaccount.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.miaccount.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlResult;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The per-client-address limits of {@link PerClientLimit}: a fixed one-minute window per limit and address,
 * counted in the service's database ({@code client_limit_window}) by one atomic upsert per limited request, so all
 * replicas of a service share one count. Over the limit: 429 too-many-requests with Retry-After.
 * <p>
 * The address is the request's remote address: the connection's peer, or — only where
 * {@code quarkus.http.proxy.*} trusts a load balancer — the client it forwarded for (docs/operations.md).
 * <p>
 * When the database fails, or does not answer within {@code miaccount.client-limits.patience}, the request is let
 * through uncounted (fail open): the limits are about abuse, not accounting, every limited endpoint needs the same
 * database for its own work anyway, and the per-account defences (sign-in attempts, reset-code attempts) are
 * transactional and do not depend on this count. Failing closed would turn a broken limiter statement into an
 * outage of sign-in for everyone. A WARN line (at most one every five minutes) and the counter
 * {@code miaccount_client_limit_uncounted_total} show it. A busy pool is not an outage: the statement queues for a
 * connection like the endpoint's own work, so the patience is generous — a flood must not open the limiter.
 */
@ApplicationScoped
public class ClientLimits {

    static final int FLOOR = 300;
    private static final int DEFAULT_PER_MINUTE = 600;
    private static final long MINUTE = 60_000;
    private static final Duration WARN_EVERY = Duration.ofMinutes(5);

    /**
     * One statement, so concurrent replicas cannot both take the last call of a window. Past the limit the row is
     * left as it is (no update, no row returned): an address hammering the endpoint writes no new row versions.
     */
    private static final String COUNT = """
            INSERT INTO client_limit_window AS w (limit_name, client, window_start, calls) VALUES ($1, $2, $3, 1)
            ON CONFLICT (limit_name, client, window_start) DO UPDATE SET calls = w.calls + 1 WHERE w.calls < $4
            RETURNING w.calls
            """;

    private final Map<String, Integer> perMinute = new ConcurrentHashMap<>();
    /** The limit of each resource method ("" for none), found once. */
    private final Map<String, String> limitOfMethod = new ConcurrentHashMap<>();
    /**
     * Limit and address → the minute this replica saw them refused in: refused again without a statement until
     * the minute ends (a count only grows within its window), so a flood costs the database little.
     */
    private final Map<String, Long> refusedIn = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<String, Counter> uncounted = new ConcurrentHashMap<>();
    /** When the last "let through uncounted" WARN was logged (System.nanoTime), 0 for never. */
    private final AtomicLong lastWarned = new AtomicLong();
    private final AtomicLong uncountedSinceWarned = new AtomicLong();
    private final Config config;
    private final Clock clock;
    private final Pool pool;
    private final MeterRegistry registry;
    private final Duration patience;
    private Vertx vertx;
    private long pruneTimer = -1;

    public ClientLimits(Config config, Clock clock, Pool pool, MeterRegistry registry,
            @ConfigProperty(name = "miaccount.client-limits.patience") Duration patience) {
        this.config = config;
        this.clock = clock;
        this.pool = pool;
        this.registry = registry;
        this.patience = patience;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        this.vertx = vertx;
        if (config.getOptionalValue("quarkus.http.proxy.proxy-address-forwarding", Boolean.class).orElse(false)
                && config.getOptionalValue("quarkus.http.proxy.trusted-proxies", String.class).isEmpty()) {
            // Quarkus then believes a forwarding header from any peer: the limits would count what clients claim.
            Log.warn("quarkus.http.proxy.proxy-address-forwarding is on without quarkus.http.proxy.trusted-proxies:"
                    + " any client can choose the address its per-client limits count (see docs/operations.md)");
        }
        // Every replica prunes; the deletes are idempotent, and a missed one only leaves rows for the next.
        pruneTimer = vertx.setPeriodic(MINUTE, id -> prune().subscribe().with(deleted -> {
        }, failure -> Log.debugf("client limits: pruning old windows failed (%s); the next run tries again",
                failure.toString())));
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null) {
            vertx.cancelTimer(pruneTimer);
        }
    }

    @ServerRequestFilter
    public Uni<Void> limit(SimpleResourceInfo resource, HttpServerRequest request) {
        if (resource.getResourceClass() == null) {
            return Uni.createFrom().voidItem();
        }
        String limit = limitOfMethod.computeIfAbsent(resource.getResourceClass().getName() + '#'
                + resource.getMethodName() + resource.parameterTypes().length, key -> limitOf(resource));
        if (limit.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Quarkus's forwarded-request wrapper answers remoteAddress() with the forwarded client when, and only
        // when, proxy address forwarding is configured and the peer is a trusted proxy.
        SocketAddress address = request.remoteAddress();
        return acquire(limit, address == null ? "unknown" : address.hostAddress());
    }

    /**
     * Counts one call of {@code client} against {@code limit} in the current minute.
     *
     * @return a failure with {@link ProblemException} 429 and Retry-After when this address is over the limit for
     *         this minute; an item otherwise, also when the database could not count it (see the class comment)
     */
    public Uni<Void> acquire(String limit, String client) {
        int allowed = perMinute.computeIfAbsent(limit, this::configured);
        if (allowed == 0) {
            return Uni.createFrom().voidItem();
        }
        long now = clock.millis();
        long minute = now / MINUTE;
        String key = limit + ' ' + client;
        Long refusedMinute = refusedIn.get(key);
        if (refusedMinute != null && refusedMinute == minute) {
            refusals(limit).increment();
            return Uni.createFrom().failure(tooManyRequests(minute, now));
        }
        return pool.preparedQuery(COUNT)
                .execute(Tuple.of(limit, client, startOf(minute), allowed))
                .ifNoItem().after(patience).fail()
                .onItemOrFailure().transformToUni((rows, failure) -> {
                    if (failure != null) {
                        letThroughUncounted(limit, failure);
                        return Uni.createFrom().voidItem();
                    }
                    if (rows.size() > 0) {
                        return Uni.createFrom().voidItem();
                    }
                    if (refusedIn.size() > 100_000) {
                        refusedIn.values().removeIf(m -> m != minute);
                    }
                    refusedIn.put(key, minute);
                    refusals(limit).increment();
                    return Uni.createFrom().failure(tooManyRequests(minute, now));
                });
    }

    /**
     * Deletes the windows before the previous minute (kept for a replica whose clock is a little behind), and
     * this replica's remembered refusals of past minutes.
     *
     * @return how many windows were deleted
     */
    Uni<Integer> prune() {
        long minute = clock.millis() / MINUTE;
        refusedIn.values().removeIf(m -> m != minute);
        return pool.preparedQuery("DELETE FROM client_limit_window WHERE window_start < $1")
                .execute(Tuple.of(startOf(minute - 1)))
                .map(SqlResult::rowCount);
    }

    private void letThroughUncounted(String limit, Throwable failure) {
        uncounted.computeIfAbsent(limit, l -> Counter.builder("miaccount.client.limit.uncounted")
                .description("Limited requests let through uncounted because the database did not count them")
                .tag("limit", l).register(registry)).increment();
        // One line per outage, however many requests it lets through: at most one every WARN_EVERY.
        long count = uncountedSinceWarned.incrementAndGet();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if ((last == 0 || now - last >= WARN_EVERY.toNanos()) && lastWarned.compareAndSet(last, now == 0 ? 1 : now)) {
            uncountedSinceWarned.addAndGet(-count);
            Log.warnf("client limits: the database did not count %d limited request(s) (%s); they were let through "
                    + "uncounted (metric miaccount_client_limit_uncounted_total)", count, failure.toString());
        }
    }

    private Counter refusals(String limit) {
        return refusals.computeIfAbsent(limit, l -> Counter.builder("miaccount.client.limit.refusals")
                .description("Requests refused with 429 because their address was over a per-client limit")
                .tag("limit", l).register(registry));
    }

    private static ProblemException tooManyRequests(long minute, long now) {
        Duration wait = Duration.ofSeconds(Math.max(1, ((minute + 1) * MINUTE - now + 999) / 1000));
        return new ProblemException(429, "too-many-requests", "Too many requests",
                "too many requests from your address; try again in " + wait.toSeconds() + " s", null, null, wait);
    }

    private static OffsetDateTime startOf(long minute) {
        return Instant.ofEpochMilli(minute * MINUTE).atOffset(ZoneOffset.UTC);
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
