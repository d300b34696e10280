package dev.miaccount.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL as containers (Testcontainers), for where the embedded binaries cannot run (macOS, ARM) or
 * when asked ({@link InfraMode}). The images are the compose file's, {@code apache/kafka:4.4.0} and
 * {@code postgres:17}; {@code KAFKA_IMAGE} / {@code POSTGRES_IMAGE} (the compose file's variables; or the system
 * properties {@code miaccount.kafka.image} / {@code miaccount.postgres.image}) substitute others, such as the
 * stand-ins of {@code docker/standins/} on a host that cannot pull.
 *
 * <p>Kafka is configured like compose's (KRaft, one node, no topic made by first use) but advertises the host's
 * address: its client port is published on the same port number on the host, chosen before the start, because a
 * broker must know the address its clients reach it by.
 */
final class ContainerInfrastructure implements AutoCloseable {

    static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
    static final String POSTGRES_IMAGE = "postgres:17";
    private static final String PASSWORD = "postgres"; // a throw-away local database's, like the embedded one's

    private final GenericContainer<?> kafka;
    private final GenericContainer<?> postgres;
    private final String host;
    private final int kafkaPort;
    private final int postgresPort;

    private ContainerInfrastructure(GenericContainer<?> kafka, GenericContainer<?> postgres, String host,
            int kafkaPort, int postgresPort) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.host = host;
        this.kafkaPort = kafkaPort;
        this.postgresPort = postgresPort;
    }

    /** @param kafkaPort / pgPort the host ports, 0 for free ones */
    static ContainerInfrastructure start(int kafkaPort, int pgPort, boolean durable) {
        requireDocker();
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        int kafkaHostPort = kafkaPort == 0 ? Ports.free() : kafkaPort;
        GenericContainer<?> kafka = kafka(host, kafkaHostPort);
        GenericContainer<?> postgres = postgres(host, pgPort, durable);
        // Both start at once: each spends most of its start-up waiting.
        CompletableFuture<Void> k = CompletableFuture.runAsync(kafka::start);
        CompletableFuture<Void> p = CompletableFuture.runAsync(postgres::start);
        try {
            CompletableFuture.allOf(k, p).join();
        } catch (CompletionException e) {
            stopQuietly(kafka);
            stopQuietly(postgres);
            throw new IllegalStateException("the Kafka or PostgreSQL container did not start: "
                    + e.getCause().getMessage(), e.getCause());
        }
        int pgHostPort = postgres.getMappedPort(5432);
        ContainerInfrastructure started = new ContainerInfrastructure(kafka, postgres, host, kafkaHostPort,
                pgHostPort);
        try {
            // the port being open is not the server being ready for a login (the official image's init restarts it)
            Await.until("PostgreSQL in its container", null, Duration.ofMinutes(3), started::postgresAnswers);
            Await.until("Kafka in its container", null, Duration.ofMinutes(3),
                    () -> Ports.accepts(host, kafkaHostPort));
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * Fails with what to do when no Docker engine answers. Never a skip: the one who asked for containers (or runs on
     * a platform that needs them) must not get a green build that started nothing.
     */
    static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("Kafka and PostgreSQL are to run as containers ("
                    + (InfraMode.embeddedRunsHere() ? "asked by miaccount.infra / MIACCOUNT_INFRA"
                            : "the embedded PostgreSQL is for Linux x86-64 only, this is "
                                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                    + ") and no Docker engine answers: install and start Docker (Docker Desktop), or run where "
                    + "the embedded binaries work (Linux x86-64, -Dmiaccount.infra=embedded)");
        }
    }

    static String image(String property, String environment, String official) {
        String image = System.getProperty(property);
        if (image == null || image.isBlank()) {
            image = System.getenv(environment);
        }
        return image == null || image.isBlank() ? official : image;
    }

    private static GenericContainer<?> kafka(String host, int hostPort) {
        DockerImageName image = DockerImageName.parse(image("miaccount.kafka.image", "KAFKA_IMAGE", KAFKA_IMAGE));
        GenericContainer<?> kafka = new GenericContainer<>(image)
                .withEnv("KAFKA_NODE_ID", "1")
                .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
                // the client listener on the same port inside and out, so the advertised address works for both
                .withEnv("KAFKA_LISTENERS", "PLAINTEXT://:" + hostPort + ",CONTROLLER://:9093")
                .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + host + ":" + hostPort)
                .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .withEnv("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT")
                .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                // as everywhere else: the services create their topics, nothing is made by first use
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withExposedPorts(hostPort)
                // generous: a CI machine running several builds at once takes minutes where a laptop takes seconds
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(5)))
                .withLogConsumer(frame -> logLine("kafka", frame));
        kafka.setPortBindings(List.of(bindAddress(host) + hostPort + ":" + hostPort));
        return kafka;
    }

    private static GenericContainer<?> postgres(String host, int hostPort, boolean durable) {
        DockerImageName image = DockerImageName.parse(image("miaccount.postgres.image", "POSTGRES_IMAGE",
                POSTGRES_IMAGE));
        GenericContainer<?> postgres = new GenericContainer<>(image)
                .withEnv("POSTGRES_USER", "postgres")
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withExposedPorts(5432)
                // the official image's init runs a server on its socket only, then the real one on the port
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(5)))
                .withLogConsumer(frame -> logLine("postgres", frame));
        // the same settings as the embedded one: enough connections for every service's pools
        postgres.setCommand(durable
                ? new String[] {"postgres", "-c", "max_connections=300"}
                : new String[] {"postgres", "-c", "max_connections=300", "-c", "fsync=off", "-c",
                        "synchronous_commit=off", "-c", "full_page_writes=off"});
        if (hostPort != 0) {
            postgres.setPortBindings(List.of(bindAddress(host) + hostPort + ":5432"));
        }
        return postgres;
    }

    /**
     * A fixed host port is the local run's: published on loopback only when the Docker host is this machine (a
     * database with a well-known password is no business of the network), on every address when the Docker host is
     * elsewhere (a gateway address, a remote engine), where loopback would not reach it.
     */
    private static String bindAddress(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") ? "127.0.0.1:" : "";
    }

    /** Container output goes to a log only with -Dmiaccount.infra.verbose=true: the build log stays readable. */
    private static void logLine(String name, OutputFrame frame) {
        if (Boolean.getBoolean("miaccount.infra.verbose") && frame.getUtf8String() != null) {
            System.out.print("[" + name + "] " + frame.getUtf8String());
        }
    }

    private boolean postgresAnswers() {
        try (Connection ignored = DriverManager.getConnection(endpoint().jdbcUrl("postgres"), "postgres", PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    String bootstrapServers() {
        return host + ":" + kafkaPort;
    }

    PostgresEndpoint endpoint() {
        return new PostgresEndpoint(host, postgresPort, "postgres", PASSWORD);
    }

    String describe() {
        return "kafka=" + bootstrapServers() + " (container " + shortId(kafka) + ", " + kafka.getDockerImageName()
                + "), postgres=" + host + ":" + postgresPort + " (container " + shortId(postgres) + ", "
                + postgres.getDockerImageName() + ")";
    }

    private static String shortId(GenericContainer<?> container) {
        String id = container.getContainerId();
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException ignored) {
            // already failing; the first error is the one to report
        }
    }

    @Override
    public void close() {
        stopQuietly(postgres);
        stopQuietly(kafka);
    }
}
