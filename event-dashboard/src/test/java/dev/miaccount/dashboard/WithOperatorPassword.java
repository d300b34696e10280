package dev.miaccount.dashboard;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The dashboard as a deployment runs it: closed, with an operator password. */
public class WithOperatorPassword implements QuarkusTestProfile {

    static final String PASSWORD = "correct operator horse";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("miaccount.dashboard.operator-password", PASSWORD, "miaccount.dashboard.open", "false");
    }
}
