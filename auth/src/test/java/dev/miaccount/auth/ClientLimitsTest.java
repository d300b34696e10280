package dev.miaccount.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.miaccount.problem.ProblemException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The per-address windows themselves; which endpoints carry them is tested through the services. */
class ClientLimitsTest {

    /** Five seconds into a minute, moved on by the test. */
    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-30T10:00:05Z"));

    private static final class SteppedClock extends Clock {

        private Instant now;

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

    @Test
    void theThreeHundredAndFirstCallOfAMinuteIsRefusedWithTheTimeToWait() {
        ClientLimits limits = limits("miaccount.client-limit.sign-in", "300");
        for (int i = 0; i < 300; i++) {
            limits.acquire("sign-in", "10.0.0.1");
        }
        assertThatThrownBy(() -> limits.acquire("sign-in", "10.0.0.1")).isInstanceOfSatisfying(ProblemException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(55));
                });
        limits.acquire("sign-in", "10.0.0.2"); // another address has its own window
        limits.acquire("reauth", "10.0.0.1"); // and another limit
        clock.advance(Duration.ofSeconds(55));
        limits.acquire("sign-in", "10.0.0.1");
    }

    @Test
    void aLimitBelowTheFloorIsRaisedToItAndZeroTurnsItOff() {
        ClientLimits raised = limits("miaccount.client-limit.sign-in", "10");
        for (int i = 0; i < 300; i++) {
            raised.acquire("sign-in", "10.0.0.1");
        }
        assertThatThrownBy(() -> raised.acquire("sign-in", "10.0.0.1")).isInstanceOf(ProblemException.class);

        ClientLimits off = limits("miaccount.client-limit.sign-in", "0");
        for (int i = 0; i < 5000; i++) {
            off.acquire("sign-in", "10.0.0.1");
        }
    }

    private ClientLimits limits(String key, String value) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(java.util.Map.of(key, value), "test", 500)).build();
        return new ClientLimits(config, clock);
    }
}
