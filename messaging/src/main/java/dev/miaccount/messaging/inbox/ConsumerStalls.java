package dev.miaccount.messaging.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which consumers are waiting on a failing record right now, since when and why. A consumer stalls while its
 * record's effect keeps failing for a transient reason (its partition waits, so that per-key order holds); the
 * readiness check reports the stall, the first success clears it.
 */
@ApplicationScoped
public class ConsumerStalls {

    /** A consumer waiting on one record. */
    public record Stall(String consumer, String eventId, String eventType, Instant since, int attempts,
            String reason) {

        public Duration age(Instant now) {
            return Duration.between(since, now);
        }
    }

    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();

    /** Records one more failed attempt of {@code consumer} on the event; the stall keeps its first moment. */
    public Stall failed(String consumer, String eventId, String eventType, String reason) {
        return stalls.compute(consumer, (key, stall) -> stall == null || !stall.eventId().equals(eventId)
                ? new Stall(consumer, eventId, eventType, Instant.now(), 1, reason)
                : new Stall(consumer, eventId, eventType, stall.since(), stall.attempts() + 1, reason));
    }

    /** The consumer went past the event (applied, skipped or dead-lettered): no stall any more. */
    public Stall cleared(String consumer, String eventId) {
        Stall[] removed = new Stall[1];
        stalls.computeIfPresent(consumer, (key, stall) -> {
            if (stall.eventId().equals(eventId)) {
                removed[0] = stall;
                return null;
            }
            return stall;
        });
        return removed[0];
    }

    public Map<String, Stall> current() {
        return Map.copyOf(stalls);
    }
}
