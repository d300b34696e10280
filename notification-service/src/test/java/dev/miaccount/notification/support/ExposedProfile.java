package dev.miaccount.notification.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service as a careless deployment would run it: listening on every interface (reachable from other machines),
 * with the sandbox on and no service credential configured.
 */
public class ExposedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.host", "0.0.0.0",
                "miaccount.internal.token", "");
    }
}
