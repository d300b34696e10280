package dev.miaccount.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kafka and PostgreSQL for the tests and the local run. When the environment names them
 * ({@code KAFKA_BOOTSTRAP_SERVERS}; {@code POSTGRES_JDBC_URL} with {@code POSTGRES_USER} and
 * {@code POSTGRES_PASSWORD}), those are used and nothing is started, so the same tests run against compose or a
 * real cluster.
 */
public final class Infrastructure implements AutoCloseable {

    private static Infrastructure shared;

    private final String kafkaBootstrapServers;
    private final PostgresEndpoint postgres;
    private final KafkaBroker broker;
    private final EmbeddedPostgres embeddedPostgres;
    private final Path throwAwayDir;

    private Infrastructure(String kafkaBootstrapServers, PostgresEndpoint postgres, KafkaBroker broker,
            EmbeddedPostgres embeddedPostgres, Path throwAwayDir) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.postgres = postgres;
        this.broker = broker;
        this.embeddedPostgres = embeddedPostgres;
        this.throwAwayDir = throwAwayDir;
    }

    /**
     * @param workDir   where the broker's and postgres's data and logs go
     * @param kafkaPort the broker's client port, 0 for any free one
     * @param pgPort    the PostgreSQL port, 0 for any free one
     * @param durable   whether the data must survive a crash (the local run) or is thrown away (tests)
     */
    public static Infrastructure start(Path workDir, int kafkaPort, int pgPort, boolean durable) {
        Map<String, String> env = System.getenv();
        KafkaBroker broker = null;
        EmbeddedPostgres pg = null;
        try {
            String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
            if (isBlank(bootstrap)) {
                broker = KafkaBroker.start(workDir.resolve("kafka"), kafkaPort == 0 ? Ports.free() : kafkaPort);
                bootstrap = broker.bootstrapServers();
            }
            PostgresEndpoint endpoint = fromEnvironment(env);
            if (endpoint == null) {
                pg = EmbeddedPostgres.start(workDir.resolve("postgres/data"), pgPort == 0 ? Ports.free() : pgPort,
                        durable);
                endpoint = pg.endpoint();
            }
            return new Infrastructure(bootstrap, endpoint, broker, pg, durable ? null : workDir);
        } catch (RuntimeException e) {
            if (pg != null) {
                pg.close();
            }
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /** One infrastructure per JVM, shared by every test of it, stopped when the JVM ends. */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("mi-account-infra-");
                shared = start(dir, 0, 0, false);
                Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "infrastructure-shutdown"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static PostgresEndpoint fromEnvironment(Map<String, String> env) {
        String url = env.get("POSTGRES_JDBC_URL");
        if (isBlank(url)) {
            return null;
        }
        URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
        return new PostgresEndpoint(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort(),
                env.getOrDefault("POSTGRES_USER", "postgres"), env.getOrDefault("POSTGRES_PASSWORD", "postgres"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public PostgresEndpoint postgres() {
        return postgres;
    }

    /** The Quarkus configuration that points a service at its own database and at the broker. */
    public Map<String, String> quarkusConfig(String database) {
        postgres.ensureDatabase(database);
        return Map.of(
                "kafka.bootstrap.servers", kafkaBootstrapServers,
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password());
    }

    /** Process ids of what this started, for checks that nothing outlives its parent. */
    public String describe() {
        return "kafka=" + kafkaBootstrapServers + (broker != null ? " (pid " + broker.pid() + ")" : " (external)")
                + ", postgres=" + postgres.host() + ":" + postgres.port()
                + (embeddedPostgres != null ? " (pid " + embeddedPostgres.pid() + ")" : " (external)");
    }

    @Override
    public void close() {
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (throwAwayDir != null) {
            deleteTree(throwAwayDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it lives under the temp directory
        }
    }
}
