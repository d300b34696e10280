package dev.miaccount.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What an operator does to consumer groups with Kafka's admin client: read their lag, rewind them. */
public final class ConsumerGroups implements AutoCloseable {

    private final Admin admin;

    public ConsumerGroups(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin = Admin.create(props);
    }

    /** Every topic on the broker but Kafka's own (dead-letter topics included). */
    public java.util.Set<String> topics() {
        return get(admin.listTopics().names());
    }

    /** Every consumer group the broker knows. */
    public java.util.Set<String> groups() {
        return get(admin.listGroups().all()).stream().map(listing -> listing.groupId())
                .collect(Collectors.toSet());
    }

    /** The group's committed offset per partition. */
    public Map<TopicPartition, Long> committed(String group) {
        return get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Records not yet consumed and committed by the group, over the partitions it has offsets for. */
    public long lag(String group) {
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, Long> end = offsets(committed.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
        return committed.entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
    }

    /**
     * Every partition of the group back to its earliest offset, so that its consumers read everything again. The
     * group's consumers must be stopped; their static memberships (which outlive a stop) are removed first.
     *
     * @return how many records the group will read again
     */
    public long rewindToEarliest(String group) {
        try {
            get(admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all());
        } catch (IllegalStateException e) {
            // no member left to remove: the alteration below tells whether the group is empty
        }
        Map<TopicPartition, Long> committed = committed(group);
        Map<TopicPartition, Long> earliest = offsets(committed.keySet().stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest())));
        Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
        earliest.forEach((tp, offset) -> rewound.put(tp, new OffsetAndMetadata(offset)));
        get(admin.alterConsumerGroupOffsets(group, rewound).all());
        return committed.entrySet().stream().mapToLong(e -> e.getValue() - earliest.get(e.getKey())).sum();
    }

    /**
     * How many records the topics retain now, by topic (end offset minus earliest, summed over the partitions): what
     * a reader from offset 0 must have read to have read everything.
     */
    public Map<String, Long> retained(java.util.Collection<String> topics) {
        java.util.List<TopicPartition> partitions = get(admin.describeTopics(topics).allTopicNames()).values()
                .stream().flatMap(topic -> topic.partitions().stream()
                        .map(p -> new TopicPartition(topic.name(), p.partition())))
                .toList();
        Map<TopicPartition, Long> earliest = offsets(partitions.stream()
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest())));
        Map<TopicPartition, Long> latest = endOffsets(partitions);
        Map<String, Long> retained = new java.util.TreeMap<>();
        partitions.forEach(tp -> retained.merge(tp.topic(), latest.get(tp) - earliest.get(tp), Long::sum));
        return retained;
    }

    /** End offsets (the next offset to be written) of the given partitions. */
    public Map<TopicPartition, Long> endOffsets(java.util.Collection<TopicPartition> partitions) {
        return offsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())));
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs) {
        Map<TopicPartition, ListOffsetsResultInfo> infos = get(admin.listOffsets(specs).all());
        return infos.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
