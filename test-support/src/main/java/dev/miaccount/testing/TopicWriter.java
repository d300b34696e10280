package dev.miaccount.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes raw records, headers and all, as a foreign or faulty producer would. The brokers of the tests create no
 * topic on first use: a topic that does not exist yet is created first (3 partitions), as the services do at start.
 */
public final class TopicWriter implements AutoCloseable {

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;

    public TopicWriter(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    public TopicWriter() {
        this(RealInfrastructure.bootstrapServers());
    }

    /** Sends and waits for the broker's ack. */
    public void send(String topic, String key, String value, Map<String, String> headers) {
        ensureTopic(topic);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }

    private void ensureTopic(String topic) {
        if (KNOWN.contains(bootstrapServers + "/" + topic)) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        KNOWN.add(bootstrapServers + "/" + topic);
    }

    /** The headers of a CloudEvent in binary mode, as the outbox relay writes them. */
    public static Map<String, String> cloudEventHeaders(String id, String type, String source, String subject,
            String flowId) {
        return Map.of("ce_specversion", "1.0", "ce_id", id, "ce_type", type, "ce_source", source,
                "ce_subject", subject, "ce_flowid", flowId, "content-type", "application/json");
    }

    @Override
    public void close() {
        producer.close();
    }
}
