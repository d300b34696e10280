package dev.miaccount.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Kafka and PostgreSQL for the tests and the local run. When the environment names them
 * ({@code KAFKA_BOOTSTRAP_SERVERS}; {@code POSTGRES_JDBC_URL} with {@code POSTGRES_USER} and
 * {@code POSTGRES_PASSWORD}), those are used and nothing is started, so the same tests run against compose or a
 * real cluster. Otherwise they are started here, as embedded processes or as containers ({@link InfraMode}).
 */
public final class Infrastructure implements AutoCloseable {

    private static Infrastructure shared;

    private final String kafkaBootstrapServers;
    private final PostgresEndpoint postgres;
    private volatile KafkaBroker broker;
    private volatile EmbeddedPostgres embeddedPostgres;
    private final ContainerInfrastructure containers;
    private final Path workDir;
    private final boolean durable;
    private final Path throwAwayDir;
    private final java.util.Deque<Runnable> beforeStop = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private Infrastructure(String kafkaBootstrapServers, PostgresEndpoint postgres, KafkaBroker broker,
            EmbeddedPostgres embeddedPostgres, ContainerInfrastructure containers, Path workDir, boolean durable) {
        this.containers = containers;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.postgres = postgres;
        this.broker = broker;
        this.embeddedPostgres = embeddedPostgres;
        this.workDir = workDir;
        this.durable = durable;
        this.throwAwayDir = durable ? null : workDir;
    }

    /**
     * @param workDir   where the broker's and postgres's data and logs go
     * @param kafkaPort the broker's client port, 0 for any free one
     * @param pgPort    the PostgreSQL port, 0 for any free one
     * @param durable   whether the data must survive a crash (fsync on, the directory kept: the local run) or is
     *                  thrown away (tests)
     */
    public static Infrastructure start(Path workDir, int kafkaPort, int pgPort, boolean durable) {
        Map<String, String> env = System.getenv();
        String externalKafka = env.get("KAFKA_BOOTSTRAP_SERVERS");
        PostgresEndpoint externalPostgres = fromEnvironment(env);
        if (isBlank(externalKafka) && externalPostgres == null && mode() == InfraMode.CONTAINERS) {
            ContainerInfrastructure containers = ContainerInfrastructure.start(kafkaPort, pgPort, durable);
            return new Infrastructure(containers.bootstrapServers(), containers.endpoint(), null, null, containers,
                    workDir, durable);
        }
        if (externalPostgres == null && !InfraMode.embeddedRunsHere()) {
            throw new IllegalStateException("the embedded PostgreSQL is for Linux x86-64 only and this is "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + ": run with Docker (-Dmiaccount.infra=containers, or MIACCOUNT_INFRA=containers)");
        }
        // The two start in parallel: each spends most of its start-up waiting.
        CompletableFuture<KafkaBroker> broker = isBlank(externalKafka)
                ? CompletableFuture.supplyAsync(() -> KafkaBroker.start(workDir.resolve("kafka"),
                        kafkaPort == 0 ? Ports.free() : kafkaPort))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<EmbeddedPostgres> pg = externalPostgres == null
                ? CompletableFuture.supplyAsync(() -> EmbeddedPostgres.start(workDir.resolve("postgres/data"),
                        pgPort == 0 ? Ports.free() : pgPort, durable))
                : CompletableFuture.completedFuture(null);
        try {
            CompletableFuture.allOf(broker, pg).join();
        } catch (CompletionException e) {
            broker.thenAccept(b -> closeQuietly(b));
            pg.thenAccept(p -> closeQuietly(p));
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        KafkaBroker startedBroker = broker.join();
        EmbeddedPostgres startedPg = pg.join();
        return new Infrastructure(startedBroker != null ? startedBroker.bootstrapServers() : externalKafka,
                startedPg != null ? startedPg.endpoint() : externalPostgres, startedBroker, startedPg, null, workDir,
                durable);
    }

    /** How Kafka and PostgreSQL are started when the environment names none. */
    public static InfraMode mode() {
        return InfraMode.current();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already failing; the first error is the one to report
        }
    }

    /**
     * One infrastructure per JVM, shared by every test of it, stopped when the JVM ends; its data goes with it.
     * PostgreSQL runs with fsync off unless the system property {@code miaccount.postgres.fsync} is true (the system
     * tests, whose faults must meet a real database).
     */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("mi-account-infra-");
                shared = start(dir, 0, 0, Boolean.getBoolean("miaccount.postgres.fsync"));
                shared.deleteOnClose(dir);
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
        if (containers != null) {
            return containers.describe();
        }
        return "kafka=" + kafkaBootstrapServers + (broker != null ? " (pid " + broker.pid() + ")" : " (external)")
                + ", postgres=" + postgres.host() + ":" + postgres.port()
                + (embeddedPostgres != null ? " (pid " + embeddedPostgres.pid() + ")" : " (external)");
    }

    private volatile Path deleteOnClose;

    private void deleteOnClose(Path dir) {
        deleteOnClose = dir;
    }

    /** {@code kill -9} of the Kafka broker (the embedded one only). */
    public void killKafka() {
        requireEmbedded(broker, "Kafka");
        broker.kill();
    }

    /** Starts the embedded broker again, on its port and its data: the way a supervisor restarts it. */
    public synchronized void startKafka() {
        requireEmbedded(broker, "Kafka");
        int port = Integer.parseInt(kafkaBootstrapServers.substring(kafkaBootstrapServers.lastIndexOf(':') + 1));
        broker = KafkaBroker.start(workDir.resolve("kafka"), port);
    }

    /** An immediate-mode restart of the embedded PostgreSQL: every connection cut, WAL recovery at the start. */
    public synchronized void restartPostgresImmediately() {
        requireEmbedded(embeddedPostgres, "PostgreSQL");
        embeddedPostgres.stopImmediately();
        embeddedPostgres = EmbeddedPostgres.start(workDir.resolve("postgres/data"), postgres.port(), durable);
    }

    private static void requireEmbedded(Object started, String what) {
        if (started == null) {
            throw new IllegalStateException(what + " is external or a container here; this fault needs the embedded one");
        }
    }

    /** Runs {@code task} (stopping what uses this infrastructure) before the broker and database stop. */
    public void beforeStop(Runnable task) {
        beforeStop.push(task);
    }

    @Override
    public void close() {
        for (Runnable task; (task = beforeStop.poll()) != null;) {
            task.run();
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
        }
        if (containers != null) {
            containers.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (throwAwayDir != null) {
            deleteTree(throwAwayDir);
        } else if (deleteOnClose != null) {
            deleteTree(deleteOnClose);
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
