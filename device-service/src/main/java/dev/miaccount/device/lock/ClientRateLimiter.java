package dev.miaccount.device.lock;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A fixed one-minute window per client address for the public lock check. In memory per replica: the limit is
 * about abuse, not accounting, so replicas need not share it.
 */
@ApplicationScoped
public class ClientRateLimiter {

    private record Window(long minute, AtomicInteger calls) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int perMinute;
    private final Clock clock;

    public ClientRateLimiter(@ConfigProperty(name = "miaccount.lock-check.per-minute") int perMinute, Clock clock) {
        if (perMinute < 300) {
            throw new IllegalArgumentException("miaccount.lock-check.per-minute must allow at least 300");
        }
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** @return seconds to wait, or 0 when the call may go ahead */
    public long acquire(String client) {
        long now = clock.millis();
        long minute = now / 60_000;
        Window window = windows.compute(client, (key, current) -> current == null || current.minute() != minute
                ? new Window(minute, new AtomicInteger()) : current);
        if (windows.size() > 100_000) {
            windows.entrySet().removeIf(entry -> entry.getValue().minute() != minute);
        }
        if (window.calls().incrementAndGet() <= perMinute) {
            return 0;
        }
        return Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
    }
}
