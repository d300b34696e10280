package dev.miaccount.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts one combined broker+controller KRaft node: writes its configuration, formats the storage on first use,
 * then hands over to Kafka's own main. Arguments: data directory, client port, controller port, then any number of
 * {@code key=value} broker settings that override the defaults below (for example
 * {@code auto.create.topics.enable=false}).
 */
public final class BrokerMain {


    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: BrokerMain <data-dir> <client-port> <controller-port> [key=value ...]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int clientPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path logDir = dataDir.resolve("kraft-logs");
        Files.createDirectories(logDir);

        Path config = dataDir.resolve("server.properties");
        List<String> settings = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + clientPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir,
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=10000"));
        // Later lines win when the file is loaded: the caller's settings override the defaults above.
        settings.addAll(Arrays.asList(args).subList(3, args.length));
        Files.write(config, settings, StandardCharsets.UTF_8);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(new String[] {
                    "format", "-t", clusterId(), "-c", config.toString(), "--ignore-formatted"},
                    new PrintStream(System.out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                System.err.println("formatting the KRaft storage failed with " + rc);
                System.exit(rc);
            }
        }
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /** KRaft wants a base64 UUID; a fixed one keeps a reused data directory valid. */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.fromString("bWktYWNjb3VudC1rcmFmdA").toString();
    }
}
