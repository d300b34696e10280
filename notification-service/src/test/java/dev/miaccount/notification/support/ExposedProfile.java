package dev.miaccount.notification.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service as a careless deployment would run it: listening on every interface (reachable from other machines),
 * with the sandbox on and no service credential configured for its own internal API.
 */
public class ExposedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.host", "0.0.0.0",
                "miaccount.internal.token", "",
                // what it presents to account-service (the data keys) is configured: its own API is what is open
                "miaccount.account-internal.token", Accounts.INTERNAL_TOKEN);
    }
}
