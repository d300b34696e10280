package dev.miaccount.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.miaccount.compose.ComposeSupport.loadAverage;
import static dev.miaccount.compose.ComposeSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * docker-compose.yml for real, through Testcontainers' compose support with the local {@code docker-compose}
 * (Debian's 1.29): fresh secrets ({@code docker/compose-secrets.sh}), the images built from the packaged apps
 * ({@code SERVICE_BUILD_TARGET=host-artifacts}), {@code up}, every container healthy (the seconds it took are
 * printed), then the walkthrough and the operator-surface checks of {@code docker/compose-checks.sh} against the
 * containers, and from the host: Kafka's host listener and PostgreSQL's loopback port as a tool would use them.
 * {@code down -v} at the end.
 *
 * <p>Images: the compose file's variables, read from this JVM's environment ({@code KAFKA_IMAGE}, ...): on a host
 * that cannot pull, the stand-ins of {@code docker/standins/} ({@code eval "$(docker/standins/build.sh)"}, as
 * {@code .ci/run} does). No Docker: with {@code CI=true} a failure, elsewhere a skip with one line.
 */
class ComposeDeploymentIT {

    static final Path REPO = ComposeSupport.REPO;
    static final List<String> APPS = List.of("account-service", "device-service", "notification-service",
            "event-dashboard", "web-console");
    static final List<String> SERVICES = List.of("kafka", "postgres", "mailpit", "sms-sink", "account-service",
            "device-service", "notification-service", "event-dashboard", "web-console", "kafka-ui");
    static final List<String> PORTS = List.of("DASHBOARD_PORT", "ACCOUNT_SERVICE_PORT", "DEVICE_SERVICE_PORT",
            "NOTIFICATION_SERVICE_PORT", "WEB_CONSOLE_PORT", "MAILPIT_UI_PORT", "SMS_SINK_PORT", "KAFKA_UI_PORT",
            "KAFKA_HOST_PORT", "POSTGRES_HOST_PORT", "TRACE_VIEWER_PORT");
    static final List<String> IMAGES = List.of("KAFKA_IMAGE", "POSTGRES_IMAGE", "MAILPIT_IMAGE", "KAFKA_UI_IMAGE",
            "SERVICE_RUN_IMAGE", "SERVICE_BUILD_IMAGE", "SMS_SINK_BASE_IMAGE", "TRACE_VIEWER_IMAGE");

    static Path work;
    static final Map<String, String> env = new HashMap<>();
    static DockerComposeContainer<?> compose;
    static String project;

    @BeforeAll
    static void upAndHealthy() throws Exception {
        ComposeSupport.requireDocker();
        for (String app : APPS) {
            assertTrue(Files.exists(REPO.resolve(app + "/target/quarkus-app/quarkus-run.jar")),
                    app + "/target/quarkus-app is missing: run ./mvnw package -DskipTests first");
        }
        work = Files.createTempDirectory("miaccount-compose-test-");
        env.putAll(ComposeSupport.composeEnv(work, PORTS, IMAGES));

        // Built first, apart, so that the time printed below is up -> healthy only.
        long t = System.nanoTime();
        run(List.of("docker-compose", "-f", REPO.resolve("docker-compose.yml").toString(), "build"), env, true);
        System.out.printf("[compose-test] images built in %.0f s%n", (System.nanoTime() - t) / 1e9);

        compose = new DockerComposeContainer<>("miaccount-compose-test", REPO.resolve("docker-compose.yml").toFile())
                .withEnv(env)
                .withPull(false) // built or substituted locally; nothing to pull here
                .withRemoveVolumes(true)
                // generous: on a loaded CI machine the services' first start takes minutes (the health checks
                // themselves allow 30 s + 60 x 5 s)
                .withStartupTimeout(Duration.ofMinutes(10));
        for (String service : SERVICES) {
            // docker-compose 1.29 names the first container of a service <service>_1
            compose.waitingFor(service + "_1", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(10)));
        }
        long up = System.nanoTime();
        compose.start();
        System.out.printf("[compose-test] all %d containers healthy %.1f s after `up` (load average %s)%n",
                SERVICES.size(), (System.nanoTime() - up) / 1e9, loadAverage());
        project = compose.getContainerByServiceName("kafka_1").orElseThrow().getContainerInfo().getConfig()
                .getLabels().get("com.docker.compose.project");
    }

    @AfterAll
    static void down() throws IOException {
        if (compose != null) {
            compose.stop(); // down -v
        }
        ComposeSupport.deleteTree(work);
    }

    @Test
    void walkthroughAndOperatorSurfaces() throws Exception {
        Map<String, String> checksEnv = new HashMap<>(env);
        checksEnv.put("COMPOSE_PROJECT", project);
        checksEnv.put("COMPOSE_ENV_FILE", work.resolve("compose.env").toString());
        checksEnv.put("COMPOSE", "docker-compose");
        assertEquals(0, run(List.of(REPO.resolve("docker/compose-checks.sh").toString()), checksEnv, false),
                "docker/compose-checks.sh failed (its output above names the failed steps)");
    }

    /** Kafka's listener for the host: a tool on the host gets the services' topics, and no topic by first use. */
    @Test
    void kafkaListensForToolsOnTheHost() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + env.get("KAFKA_HOST_PORT"));
        try (Admin admin = Admin.create(config)) {
            Set<String> topics = admin.listTopics().names().get();
            assertTrue(topics.containsAll(List.of("account-events", "device-events", "notification-events")),
                    "the services' topics, seen from the host: " + topics);
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            String autoCreate = admin.describeConfigs(List.of(broker)).all().get().get(broker)
                    .get("auto.create.topics.enable").value();
            assertEquals("false", autoCreate, "topics are made by the services, never by first use");
        }
    }

    /** PostgreSQL on the host's loopback: psql or an IDE as a service's own user, in its own database. */
    @Test
    void postgresListensForToolsOnTheHost() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + env.get("POSTGRES_HOST_PORT") + "/device";
        try (Connection connection = DriverManager.getConnection(url, "device_service", env.get("DEVICE_DB_PASSWORD"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rows.next();
            assertTrue(rows.getInt(1) > 0, "device-service's migrations, read from the host");
        }
    }
}
