package dev.miaccount.messaging.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.ClientCustomizer;

/**
 * How the services' Kafka consumers belong to their groups, so that a restarted process gets its partitions back
 * within seconds:
 * <ul>
 * <li>static membership: each consumer has a {@code group.instance.id} made of its group, its channel and this
 * process's instance id ({@code miaccount.kafka.instance-id}; the host name by default, which is the container's
 * id under compose and stays the same across its restarts). A process that comes back with the same id takes its
 * old place at once, with no rebalance and no wait for the dead member's session to expire;</li>
 * <li>a short session timeout ({@code miaccount.kafka.session-timeout}, heartbeats a fifth of it): a member that
 * does not come back (a replica scaled away or moved) loses its partitions to the others within that time.</li>
 * </ul>
 * Two processes must never share an instance id: give every replica its own ({@code MIACCOUNT_KAFKA_INSTANCE_ID})
 * where host names repeat. {@code miaccount.kafka.static-membership=false} turns the first part off.
 */
@ApplicationScoped
public class ConsumerMembership implements ClientCustomizer<Map<String, Object>> {

    private final boolean staticMembership;
    private final String instanceId;
    private final Duration sessionTimeout;

    public ConsumerMembership(@ConfigProperty(name = "miaccount.kafka.static-membership") boolean staticMembership,
            @ConfigProperty(name = "miaccount.kafka.instance-id") Optional<String> instanceId,
            @ConfigProperty(name = "miaccount.kafka.session-timeout") Duration sessionTimeout) {
        this.staticMembership = staticMembership;
        this.instanceId = instanceId.filter(id -> !id.isBlank()).orElseGet(ConsumerMembership::hostName);
        this.sessionTimeout = sessionTimeout;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        boolean consumer = config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)
                && config.containsKey(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        if (!consumer) {
            return config;
        }
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        config.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 5));
        if (staticMembership && !config.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            String id = config.get(ConsumerConfig.GROUP_ID_CONFIG) + "." + channel + "." + instanceId;
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id);
            Log.infof("channel %s joins group %s as static member %s", channel,
                    config.get(ConsumerConfig.GROUP_ID_CONFIG), id);
        }
        return config;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
