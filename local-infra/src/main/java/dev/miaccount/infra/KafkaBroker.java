package dev.miaccount.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka 4.x KRaft broker in its own JVM, on the classpath the kafka-broker module built
 * (that module stays outside the Quarkus BOM, whose kafka-clients would break the server).
 */
public final class KafkaBroker implements AutoCloseable {

    private final WatchedProcess process;
    private final int port;

    private KafkaBroker(WatchedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBroker start(Path dataDir, int port) {
        Path module = ProjectLayout.root().resolve("kafka-broker/target");
        Path classpathFile = module.resolve("broker.classpath");
        if (!Files.exists(classpathFile) || !Files.isDirectory(module.resolve("classes"))) {
            throw new IllegalStateException("the Kafka broker is not built; run ./mvnw -B package -DskipTests first ("
                    + classpathFile + " is missing)");
        }
        String classpath;
        try {
            classpath = module.resolve("classes") + ":" + Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int controllerPort = Ports.free();
        WatchedProcess process = WatchedProcess.start("kafka", List.of(
                ProjectLayout.javaExecutable().toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", classpath, "dev.miaccount.broker.BrokerMain",
                dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort),
                // Topics exist because the services create them from their configuration, never by first use.
                "auto.create.topics.enable=false"),
                Map.of(), dataDir.resolve("kafka.log"), "TERM");
        try {
            Await.until("Kafka on port " + port, process, Duration.ofSeconds(90),
                    () -> process.logContains("Kafka Server started") && Ports.accepts("127.0.0.1", port));
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(5));
            throw e;
        }
        return new KafkaBroker(process, port);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
