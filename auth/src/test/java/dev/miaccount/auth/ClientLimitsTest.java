package dev.miaccount.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.Ports;
import dev.miaccount.infra.PostgresEndpoint;
import dev.miaccount.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The per-address windows themselves, counted in a real PostgreSQL; which endpoints carry them is tested through
 * the services. Two "replicas" are two Vert.x instances with a pool each on the same database, as two service
 * processes would be.
 */
class ClientLimitsTest {

    private static final String DATABASE = "auth_client_limits";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Vertx vertxOne;
    private static Vertx vertxTwo;
    private static Pool replicaOne;
    private static Pool replicaTwo;

    /** Five seconds into a minute, moved on by the test. */
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-30T10:00:05Z"));
    private final MeterRegistry metrics = new SimpleMeterRegistry();

    private static final class SteppedClock extends Clock {

        private volatile Instant now;

        SteppedClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    static void database() throws IOException {
        PostgresEndpoint postgres = Infrastructure.shared().postgres();
        postgres.ensureDatabase(DATABASE);
        vertxOne = Vertx.vertx();
        vertxTwo = Vertx.vertx();
        replicaOne = pool(vertxOne, postgres.host(), postgres.port(), postgres);
        replicaTwo = pool(vertxTwo, postgres.host(), postgres.port(), postgres);
        // The auth module's migration, as Flyway applies it in a service (the database may outlive a run when the
        // environment names the server).
        replicaOne.query("DROP TABLE IF EXISTS client_limit_window").execute().await().atMost(WAIT);
        replicaOne.query(migration("/db/auth/V0_3__client_limit_windows.sql")).execute().await().atMost(WAIT);
    }

    @AfterAll
    static void close() {
        for (Pool pool : new Pool[] {replicaOne, replicaTwo}) {
            if (pool != null) {
                pool.closeAndAwait();
            }
        }
        for (Vertx vertx : new Vertx[] {vertxOne, vertxTwo}) {
            if (vertx != null) {
                vertx.closeAndAwait();
            }
        }
    }

    @BeforeEach
    void emptyWindows() {
        replicaOne.query("TRUNCATE client_limit_window").execute().await().atMost(WAIT);
    }

    @Test
    void theThreeHundredAndFirstCallOfAMinuteIsRefusedWithTheTimeToWait() {
        ClientLimits limits = limits(replicaOne, "300");
        for (int i = 0; i < 300; i++) {
            allowed(limits, "sign-in", "10.0.0.1");
        }
        ProblemException refused = refused(limits, "sign-in", "10.0.0.1");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.slug()).isEqualTo("too-many-requests");
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(55));
        allowed(limits, "sign-in", "10.0.0.2"); // another address has its own window
        allowed(limits, "reauth", "10.0.0.1"); // and another limit
        assertThat(metrics.counter("miaccount.client.limit.refusals", "limit", "sign-in").count()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(55));
        allowed(limits, "sign-in", "10.0.0.1");
    }

    @Test
    void twoReplicasShareOneCount() {
        ClientLimits one = limits(replicaOne, "300");
        ClientLimits two = new ClientLimits(config("300"), clock, replicaTwo, new SimpleMeterRegistry(), WAIT);
        for (int i = 0; i < 150; i++) {
            allowed(one, "lock-check", "203.0.113.9");
            allowed(two, "lock-check", "203.0.113.9");
        }
        // 300 between them: each replica alone has seen only 150, and both refuse the next
        refused(one, "lock-check", "203.0.113.9");
        refused(two, "lock-check", "203.0.113.9");
        assertThat(callsCounted("lock-check", "203.0.113.9")).isEqualTo(300);
    }

    @Test
    void concurrentCallsOnTwoReplicasAdmitExactlyTheLimit() {
        ClientLimits one = limits(replicaOne, "300");
        ClientLimits two = new ClientLimits(config("300"), clock, replicaTwo, new SimpleMeterRegistry(), WAIT);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(one.acquire("sign-in", "198.51.100.4").subscribeAsCompletionStage());
            calls.add(two.acquire("sign-in", "198.51.100.4").subscribeAsCompletionStage());
        }
        long admitted = 0;
        long tooMany = 0;
        for (CompletableFuture<Void> call : calls) {
            Throwable failure = catchThrowable(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            if (failure == null) {
                admitted++;
            } else if (failure.getCause() instanceof ProblemException problem && problem.status() == 429) {
                tooMany++;
            } else {
                throw new AssertionError("unexpected failure", failure);
            }
        }
        assertThat(admitted).isEqualTo(300);
        assertThat(tooMany).isEqualTo(100);
    }

    @Test
    void aLimitBelowTheFloorIsRaisedToItAndZeroTurnsItOff() {
        ClientLimits raised = limits(replicaOne, "10");
        for (int i = 0; i < 300; i++) {
            allowed(raised, "sign-in", "10.0.0.1");
        }
        refused(raised, "sign-in", "10.0.0.1");

        // off: not even a statement, so a database that is not there changes nothing and counts nothing
        try (Unreachable unreachable = new Unreachable()) {
            SimpleMeterRegistry offMetrics = new SimpleMeterRegistry();
            ClientLimits off = new ClientLimits(config("0"), clock, unreachable.pool, offMetrics, WAIT);
            for (int i = 0; i < 5000; i++) {
                allowed(off, "sign-in", "10.0.0.1");
            }
            assertThat(offMetrics.find("miaccount.client.limit.uncounted").counter()).isNull();
        }
    }

    @Test
    void withoutTheDatabaseCallsAreLetThroughAndCountedAsUncounted() {
        try (Unreachable unreachable = new Unreachable()) {
            ClientLimits limits = new ClientLimits(config("300"), clock, unreachable.pool, metrics, WAIT);
            for (int i = 0; i < 301; i++) {
                allowed(limits, "sign-in", "10.0.0.1");
            }
            assertThat(metrics.counter("miaccount.client.limit.uncounted", "limit", "sign-in").count())
                    .isEqualTo(301);
        }
    }

    @Test
    void pruningDropsWindowsBeforeThePreviousMinute() {
        ClientLimits limits = limits(replicaOne, "300");
        allowed(limits, "sign-in", "10.0.0.1"); // 10:00
        clock.advance(Duration.ofMinutes(1));
        allowed(limits, "sign-in", "10.0.0.1"); // 10:01
        clock.advance(Duration.ofMinutes(1));
        allowed(limits, "sign-in", "10.0.0.1"); // 10:02
        assertThat(limits.prune().await().atMost(WAIT)).isEqualTo(1);
        assertThat(replicaOne.query("SELECT window_start FROM client_limit_window ORDER BY window_start").execute()
                .await().atMost(WAIT).rowCount()).isEqualTo(2);
    }

    @Test
    void aRefusalRememberedByOneReplicaEndsWithItsMinute() {
        ClientLimits limits = limits(replicaOne, "300");
        for (int i = 0; i < 300; i++) {
            allowed(limits, "reauth", "10.0.0.7");
        }
        refused(limits, "reauth", "10.0.0.7");
        refused(limits, "reauth", "10.0.0.7"); // from memory: the database's count stays at the limit
        assertThat(callsCounted("reauth", "10.0.0.7")).isEqualTo(300);
        clock.advance(Duration.ofMinutes(1));
        allowed(limits, "reauth", "10.0.0.7");
    }

    private static void allowed(ClientLimits limits, String limit, String client) {
        limits.acquire(limit, client).await().atMost(WAIT);
    }

    private static ProblemException refused(ClientLimits limits, String limit, String client) {
        Throwable failure = catchThrowable(() -> limits.acquire(limit, client).await().atMost(WAIT));
        assertThat(failure).isInstanceOf(ProblemException.class);
        return (ProblemException) failure;
    }

    private static int callsCounted(String limit, String client) {
        return replicaOne.preparedQuery("SELECT sum(calls) FROM client_limit_window WHERE limit_name = $1 AND client = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(limit, client)).await().atMost(WAIT)
                .iterator().next().getLong(0).intValue();
    }

    private ClientLimits limits(Pool pool, String perMinute) {
        return new ClientLimits(config(perMinute), clock, pool, metrics, WAIT);
    }

    private static SmallRyeConfig config(String perMinute) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "miaccount.client-limit.sign-in", perMinute,
                "miaccount.client-limit.reauth", perMinute,
                "miaccount.client-limit.lock-check", perMinute), "test", 500)).build();
    }

    private static Pool pool(Vertx vertx, String host, int port, PostgresEndpoint login) {
        return Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions().setHost(host).setPort(port).setDatabase(DATABASE)
                        .setUser(login.user()).setPassword(login.password()))
                .using(vertx.getDelegate())
                .build());
    }

    private static String migration(String resource) throws IOException {
        try (InputStream in = ClientLimits.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A pool whose server is not there: a free port nothing listens on. */
    private static final class Unreachable implements AutoCloseable {

        final Vertx vertx = Vertx.vertx();
        final Pool pool = pool(vertx, "127.0.0.1", Ports.free(), new PostgresEndpoint("127.0.0.1", 0, "nobody", "x"));

        @Override
        public void close() {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }
}
