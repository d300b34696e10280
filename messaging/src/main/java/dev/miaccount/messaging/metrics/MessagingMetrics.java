package dev.miaccount.messaging.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The backbone's own series, at {@code /q/metrics} wherever a Prometheus registry is on the classpath: the outbox's
 * backlog and how old its oldest unpublished event is (the relay's lag, sampled every few seconds from the table, so
 * every replica reports the same), and per consumer channel the events applied, skipped as duplicates, retried (by
 * kind of failure) and dead-lettered. Kafka's own consumer metrics (lag per partition) come from Quarkus's Kafka
 * binder.
 */
@ApplicationScoped
public class MessagingMetrics {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Pool pool;
    private final Vertx vertx;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Map<String, ChannelCounters> channels = new ConcurrentHashMap<>();
    private long timer = -1;

    public MessagingMetrics(MeterRegistry registry, Pool pool, Vertx vertx) {
        this.registry = registry;
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("miaccount.outbox.backlog", backlog, AtomicLong::get)
                .description("Events in the outbox not yet published").register(registry);
        Gauge.builder("miaccount.outbox.lag.seconds", lagMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest unpublished outbox event (0 when none)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(SAMPLE_EVERY.toMillis(), id -> sample());
        sample();
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void sample() {
        pool.query("SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)) * 1000, 0)"
                + " FROM outbox_event WHERE published_at IS NULL").execute()
                .subscribe().with(rows -> rows.forEach(row -> {
                    backlog.set(row.getLong(0));
                    lagMillis.set(Math.max(0, row.getNumeric(1).longValue()));
                }), failure -> Log.debugf("outbox not sampled: %s", failure.getMessage()));
    }

    /** A channel's counters, registered once: the consumer's path only increments them. */
    private record ChannelCounters(Counter applied, Counter duplicates, Counter ignored, Counter deadLetters,
            Counter transientRetries, Counter unexpectedRetries) {
    }

    /** The consumer applied an event for the first time. */
    public void applied(String channel) {
        of(channel).applied().increment();
    }

    /** The consumer met an event it had applied before (a redelivery or a replay). */
    public void duplicate(String channel) {
        of(channel).duplicates().increment();
    }

    /** The consumer met an event of a type it does not act on, acknowledged without a transaction. */
    public void ignored(String channel) {
        of(channel).ignored().increment();
    }

    /** An attempt failed and will be retried; {@code transientFailure} tells the kind of failure. */
    public void retried(String channel, boolean transientFailure) {
        ChannelCounters counters = of(channel);
        (transientFailure ? counters.transientRetries() : counters.unexpectedRetries()).increment();
    }

    /** A record went to the channel's dead-letter topic. */
    public void deadLettered(String channel) {
        of(channel).deadLetters().increment();
    }

    /** Makes every series of a channel visible at 0 before anything happened on it. */
    public void channel(String channel) {
        of(channel);
    }

    private ChannelCounters of(String channel) {
        return channels.computeIfAbsent(channel, name -> new ChannelCounters(
                counter("miaccount.consumer.applied", name, "Events applied"),
                counter("miaccount.consumer.duplicates", name, "Events skipped as applied before"),
                counter("miaccount.consumer.ignored", name, "Events of types the consumer does not act on"),
                counter("miaccount.consumer.dead.letters", name, "Records sent to the dead-letter topic"),
                Counter.builder("miaccount.consumer.retries").description("Failed attempts retried")
                        .tag("channel", name).tag("kind", "transient").register(registry),
                Counter.builder("miaccount.consumer.retries").description("Failed attempts retried")
                        .tag("channel", name).tag("kind", "unexpected").register(registry)));
    }

    private Counter counter(String name, String channel, String description) {
        return Counter.builder(name).description(description).tag("channel", channel).register(registry);
    }
}
