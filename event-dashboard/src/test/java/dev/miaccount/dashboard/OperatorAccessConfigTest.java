package dev.miaccount.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** When the dashboard may start, and what the shipped configuration makes of each profile. */
class OperatorAccessConfigTest {

    @Test
    void refusesToStartWithNeitherAPasswordNorOpen() {
        assertThatIllegalStateException().isThrownBy(() -> OperatorAccess.requireConfigured(Optional.empty(), false))
                .withMessageContaining("MIACCOUNT_DASHBOARD_OPERATOR_PASSWORD")
                .withMessageContaining("MIACCOUNT_DASHBOARD_OPEN=true");
    }

    @Test
    void refusesAShortPasswordWithoutEchoingIt() {
        assertThatIllegalStateException()
                .isThrownBy(() -> OperatorAccess.requireConfigured(Optional.of("short-pw"), false))
                .withMessageContaining("at least 12 characters")
                .withMessageNotContaining("short-pw");
    }

    @Test
    void startsWithAPasswordOrWhenOpen() {
        assertThatNoException().isThrownBy(() -> OperatorAccess.requireConfigured(Optional.of("a long operator pw"), false));
        assertThatNoException().isThrownBy(() -> OperatorAccess.requireConfigured(Optional.empty(), true));
    }

    @Test
    void isOpenInTheLocalRunAndClosedInTheProductionProfile() throws Exception {
        assertThat(config("prod").getValue("miaccount.dashboard.open", Boolean.class)).isTrue();
        assertThat(config("production").getValue("miaccount.dashboard.open", Boolean.class)).isFalse();
        assertThat(config("production").getValue("quarkus.swagger-ui.enabled", Boolean.class)).isFalse();
        assertThat(config("production").getOptionalValue("miaccount.dashboard.operator-password", String.class))
                .isEmpty();
    }

    private static SmallRyeConfig config(String profile) throws Exception {
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(
                        OperatorAccessConfigTest.class.getResource("/application.properties"), 100))
                .build();
    }
}
