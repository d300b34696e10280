package dev.miaccount.messaging.inbox;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a consumer has been stuck on a record longer than {@code miaccount.inbox.stall-readiness-after}
 * (the database or the broker away): the answer names the consumer, the event and the last failure. SmallRye's
 * own Kafka check (in the same readiness answer) covers the connection and the partition assignment.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ConsumerStalls stalls;
    private final Duration threshold;

    public ConsumerReadiness(ConsumerStalls stalls,
            @ConfigProperty(name = "miaccount.inbox.stall-readiness-after") Duration threshold) {
        this.stalls = stalls;
        this.threshold = threshold;
    }

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event consumers").up();
        stalls.current().values().stream()
                .filter(stall -> stall.age(now).compareTo(threshold) >= 0)
                .forEach(stall -> response.down().withData(stall.consumer(), String.format(
                        "stalled for %d s on event %s (%s) after %d attempts: %s", stall.age(now).toSeconds(),
                        stall.eventId(), stall.eventType(), stall.attempts(), stall.reason())));
        return response.build();
    }
}
