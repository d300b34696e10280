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
        Path logFile = dataDir.resolve("kafka.log");
        long earlierLog = logFile.toFile().length(); // a restart appends to the log of the runs before
        WatchedProcess process = WatchedProcess.start("kafka", List.of(
                ProjectLayout.javaExecutable().toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", classpath, "dev.miaccount.broker.BrokerMain",
                dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort),
                // Topics exist because the services create them from their configuration, never by first use.
                "auto.create.topics.enable=false"),
                Map.of(), logFile, "TERM");
        try {
            Await.until("Kafka on port " + port, process, Duration.ofSeconds(90),
                    () -> process.logContains("Kafka Server started", earlierLog) && Ports.accepts("127.0.0.1", port));
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

    /** {@code kill -9} of the broker's JVM; {@link #start(Path, int)} with the same directory and port brings it back. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
