package dev.miaccount.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.SigningKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at a real Kafka broker and a real PostgreSQL: the ones the environment names, or
 * a broker and a server started once for the whole test JVM. Init arg {@code database}: the service's database.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static Path keyDir;

    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(Infrastructure.shared().quarkusConfig(database));
        config.putAll(SigningKeys.quarkusConfig(keyDir()));
        return config;
    }

    @Override
    public void stop() {
        // The shared infrastructure outlives one Quarkus application and stops with the JVM.
    }

    /** One token key pair per test JVM, outside the repository. */
    public static synchronized Path keyDir() {
        if (keyDir == null) {
            try {
                keyDir = Files.createTempDirectory("mi-account-keys-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keyDir;
    }

    /** For tests that talk to the broker themselves. */
    public static String bootstrapServers() {
        return Infrastructure.shared().kafkaBootstrapServers();
    }
}
