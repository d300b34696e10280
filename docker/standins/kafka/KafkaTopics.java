import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The stand-in's kafka-topics.sh, as far as an init step uses it: --create [--if-not-exists] --topic T
 * [--partitions N] [--replication-factor R] [--config k=v]..., --list, and --describe --topic T (partitions and
 * replicas per partition), all with --bootstrap-server.
 */
public final class KafkaTopics {
    public static void main(String[] args) throws Exception {
        String bootstrap = null, topic = null, action = null;
        Optional<Integer> partitions = Optional.empty();
        Optional<Short> replicationFactor = Optional.empty();
        boolean ifNotExists = false;
        Map<String, String> configs = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-server" -> bootstrap = args[++i];
                case "--topic" -> topic = args[++i];
                case "--partitions" -> partitions = Optional.of(Integer.parseInt(args[++i]));
                case "--replication-factor" -> replicationFactor = Optional.of(Short.parseShort(args[++i]));
                case "--config" -> {
                    String[] kv = args[++i].split("=", 2);
                    configs.put(kv[0], kv[1]);
                }
                case "--if-not-exists" -> ifNotExists = true;
                case "--create", "--list", "--describe" -> action = args[i];
                default -> fail("unsupported option " + args[i]);
            }
        }
        if (bootstrap == null || action == null) {
            fail("usage: --bootstrap-server B (--create --topic T ... | --list | --describe --topic T)");
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("request.timeout.ms", "10000");
        props.put("default.api.timeout.ms", "30000");
        try (Admin admin = Admin.create(props)) {
            switch (action) {
                case "--list" -> admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().sorted()
                        .forEach(System.out::println);
                case "--describe" -> {
                    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(topic);
                    System.out.println("Topic: " + topic + "\tPartitionCount: " + d.partitions().size()
                            + "\tReplicationFactor: " + d.partitions().get(0).replicas().size());
                }
                default -> {
                    NewTopic t = new NewTopic(topic, partitions, replicationFactor).configs(configs);
                    try {
                        admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                        System.out.println("Created topic " + topic + ".");
                    } catch (ExecutionException e) {
                        if (!(ifNotExists && e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
        } catch (ExecutionException e) {
            fail(String.valueOf(e.getCause()));
        }
    }

    private static void fail(String why) {
        System.err.println("Error: " + why);
        System.exit(1);
    }
}
