package dev.miaccount.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code ./run-local.sh --infra-only}: writes, for each service, the configuration the local run would have given
 * it to {@code .local-run/dev/<module>.properties}. Each service's {@code %dev} profile reads its file
 * ({@code quarkus.config.locations}), so {@code ./mvnw -pl <module> quarkus:dev} finds this Kafka, this PostgreSQL
 * (its database is created here), the token keys, and the other services on the ports of API.md.
 */
final class DevConfig {

    static final String DIR = "dev";

    private DevConfig() {
    }

    static void write(Infrastructure infrastructure, Path workDir, long startedNanos) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        LocalStack.SERVICES.forEach(service -> ports.put(service.module(), service.defaultPort()));
        Map<String, Map<String, String>> configs = LocalStack.configs(infrastructure, ports, LocalStack.INTERNAL_PORT,
                LocalStack.ACCOUNT_INTERNAL_PORT,
                workDir, Map.of());
        Path dir = workDir.resolve(DIR);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, Map<String, String>> entry : configs.entrySet()) {
                Properties properties = new Properties();
                properties.putAll(new TreeMap<>(entry.getValue()));
                try (OutputStream out = Files.newOutputStream(dir.resolve(entry.getKey() + ".properties"))) {
                    properties.store(out, "written by ./run-local.sh --infra-only for quarkus:dev; read by the %dev "
                            + "profile; made again at each start");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dev configuration to " + dir, e);
        }
        // The settings a service needs, without the secrets (the internal token stays in its file).
        Map<String, String> device = configs.get("device-service");
        System.out.printf("%nKafka and PostgreSQL are ready after %.1f s (no service started):%n",
                (System.nanoTime() - startedNanos) / 1e9);
        System.out.println("  kafka.bootstrap.servers      " + device.get("kafka.bootstrap.servers"));
        System.out.println("  quarkus.datasource.jdbc.url  " + infrastructure.postgres().jdbcUrl("<service's database>")
                + " (user " + infrastructure.postgres().user() + ")");
        System.out.println("  token keys                   " + workDir.resolve("keys"));
        System.out.println("  every setting, per service   " + dir + "/<module>.properties");
        System.out.println("In another terminal, any service in dev mode (live reload; Dev UI at /q/dev-ui):");
        System.out.println("  ./mvnw -pl device-service quarkus:dev");
        System.out.println("Press Ctrl-C to stop Kafka and PostgreSQL.");
    }
}
