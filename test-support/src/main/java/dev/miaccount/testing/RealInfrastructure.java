package dev.miaccount.testing;

import java.util.HashMap;
import java.util.Map;

import dev.miaccount.infra.Infrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at a real Kafka broker and a real PostgreSQL: the ones the environment names, or
 * a broker and a server started once for the whole test JVM. Init arg {@code database}: the service's database.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(Infrastructure.shared().quarkusConfig(database));
        return config;
    }

    @Override
    public void stop() {
        // The shared infrastructure outlives one Quarkus application and stops with the JVM.
    }

    /** For tests that talk to the broker themselves. */
    public static String bootstrapServers() {
        return Infrastructure.shared().kafkaBootstrapServers();
    }
}
