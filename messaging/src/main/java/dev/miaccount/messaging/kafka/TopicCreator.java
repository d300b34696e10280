package dev.miaccount.messaging.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the topics this service uses before its channels start, so that no topic depends on the broker's
 * auto-create (which the local run, the tests and compose turn off): the topics of {@code miaccount.topics}
 * ({@code name} or {@code name:partitions}), and the topic and dead-letter topic of every incoming Kafka channel.
 * Creating a topic that exists is a no-op, so every service and replica may do it. When the broker cannot be
 * reached at start, the service starts anyway and keeps trying in the background.
 */
@ApplicationScoped
public class TopicCreator {

    private final Config config;
    private final String bootstrapServers;
    private final List<String> topics;
    private final int partitions;
    private final int deadLetterPartitions;
    private final short replicationFactor;
    private final Duration startupTimeout;

    public TopicCreator(Config config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "miaccount.topics") Optional<List<String>> topics,
            @ConfigProperty(name = "miaccount.topics.partitions") int partitions,
            @ConfigProperty(name = "miaccount.topics.dead-letter-partitions") int deadLetterPartitions,
            @ConfigProperty(name = "miaccount.topics.replication-factor") short replicationFactor,
            @ConfigProperty(name = "miaccount.topics.startup-timeout") Duration startupTimeout) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics.orElse(List.of());
        this.partitions = partitions;
        this.deadLetterPartitions = deadLetterPartitions;
        this.replicationFactor = replicationFactor;
        this.startupTimeout = startupTimeout;
    }

    /** Before SmallRye's channels start (they start at priority 1000). */
    void createAtStart(@Observes @Priority(100) StartupEvent event) {
        Map<String, Integer> wanted = wanted();
        String failure = create(wanted, startupTimeout);
        if (failure == null) {
            return;
        }
        Log.warnf("topics not created yet (%s); the service starts and keeps trying", failure);
        Thread retry = new Thread(() -> {
            String last = failure;
            while (last != null) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                last = create(wanted, Duration.ofSeconds(10));
            }
        }, "topic-creator");
        retry.setDaemon(true);
        retry.start();
    }

    /** Topic name → partitions, in the order of the configuration. */
    Map<String, Integer> wanted() {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        for (String entry : topics) {
            String[] parts = entry.trim().split(":");
            if (!parts[0].isBlank()) {
                wanted.put(parts[0], parts.length > 1 ? Integer.parseInt(parts[1].trim()) : partitions);
            }
        }
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith("mp.messaging.incoming.") || !name.endsWith(".connector")) {
                continue;
            }
            String channel = name.substring("mp.messaging.incoming.".length(), name.length() - ".connector".length());
            if (!"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + channel + ".";
            config.getOptionalValue(prefix + "topic", String.class)
                    .ifPresent(topic -> wanted.putIfAbsent(topic, partitions));
            config.getOptionalValue(prefix + "topics", String.class).ifPresent(list -> {
                for (String topic : list.split(",")) {
                    if (!topic.isBlank()) {
                        wanted.putIfAbsent(topic.trim(), partitions);
                    }
                }
            });
            config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class)
                    .ifPresent(topic -> wanted.putIfAbsent(topic, deadLetterPartitions));
        }
        return wanted;
    }

    /** @return null when every topic exists now, else why not */
    private String create(Map<String, Integer> wanted, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 10_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "topic-creator");
        List<NewTopic> newTopics = new ArrayList<>();
        wanted.forEach((name, count) -> {
            NewTopic topic = new NewTopic(name, count, replicationFactor);
            if (replicationFactor > 1) {
                // acks=all then waits for a majority of the replicas, not for one
                topic.configs(Map.of("min.insync.replicas", Integer.toString(Math.min(2, replicationFactor))));
            }
            newTopics.add(topic);
        });
        try (Admin admin = Admin.create(props)) {
            CreateTopicsResult result = admin.createTopics(newTopics);
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry : result.values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        return entry.getKey() + ": " + e.getCause();
                    }
                }
            }
            if (!created.isEmpty()) {
                Log.infof("created topics %s (replication factor %d)", created, replicationFactor);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (TimeoutException | RuntimeException e) {
            return e.toString();
        }
    }
}
