package dev.miaccount.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.messaging.changes.DatabaseChanges;
import dev.miaccount.messaging.changes.NotifiedCache;
import dev.miaccount.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An in-memory view never serves what a committed transaction changed once its notification is in, never keeps a
 * read that raced a change, and serves nothing while its LISTEN connection is down — on the real database.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "messaging_test"))
class NotifiedCacheTest {

    private static final String CHANNEL = "watched_value_changed";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** One per test JVM: a channel has one listener. */
    private static NotifiedCache<String, String> cache;

    @Inject
    DatabaseChanges changes;

    @Inject
    Pool pool;

    @BeforeEach
    void listening() {
        synchronized (NotifiedCacheTest.class) {
            if (cache == null) {
                cache = new NotifiedCache<>(payload -> payload, Duration.ofMinutes(5), 1000);
                changes.listen(CHANNEL, cache);
            }
        }
        await().atMost(PATIENCE).until(() -> cache.ticket() != NotifiedCache.NO_TICKET);
    }

    @Test
    void aValueIsForgottenWhenAnotherConnectionCommitsAChangeToIt() {
        String key = insert("old");
        cache.put(key, read(key), cache.ticket());
        assertThat(cache.get(key)).isEqualTo("old");

        update(key, "new");

        await().atMost(PATIENCE).until(() -> cache.get(key) == null);
        cache.put(key, read(key), cache.ticket());
        assertThat(cache.get(key)).isEqualTo("new");
    }

    @Test
    void aReadThatRacedAChangeIsNotKept() {
        String key = insert("before");
        long ticket = cache.ticket();
        String readBeforeTheChange = read(key);
        update(key, "after");
        await().atMost(PATIENCE).until(() -> cache.ticket() != ticket);

        cache.put(key, readBeforeTheChange, ticket);

        assertThat(cache.get(key)).isNull();
    }

    @Test
    void nothingIsServedWhileTheListenConnectionIsDownAndChangesAreHeardAgainAfter() {
        String key = insert("kept");
        cache.put(key, read(key), cache.ticket());
        assertThat(cache.get(key)).isEqualTo("kept");

        Integer killed = pool.query("SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity"
                + " WHERE query LIKE '%" + CHANNEL + "%' AND pid <> pg_backend_pid()").execute()
                .await().atMost(PATIENCE).iterator().next().getInteger(0);
        assertThat(killed).isPositive();

        await().atMost(PATIENCE).until(() -> cache.get(key) == null);
        // Listened to again (a new connection): a change made after that is heard.
        await().atMost(PATIENCE).until(() -> cache.ticket() != NotifiedCache.NO_TICKET);
        cache.put(key, read(key), cache.ticket());
        assertThat(cache.get(key)).isEqualTo("kept");
        update(key, "changed later");
        await().atMost(PATIENCE).until(() -> cache.get(key) == null);
    }

    private String insert(String value) {
        String key = "k-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO watched_value (key, value) VALUES ($1, $2)").execute(Tuple.of(key, value))
                .await().atMost(PATIENCE);
        return key;
    }

    private void update(String key, String value) {
        pool.preparedQuery("UPDATE watched_value SET value = $2 WHERE key = $1").execute(Tuple.of(key, value))
                .await().atMost(PATIENCE);
    }

    private String read(String key) {
        return pool.preparedQuery("SELECT value FROM watched_value WHERE key = $1").execute(Tuple.of(key))
                .await().atMost(PATIENCE).iterator().next().getString(0);
    }
}
