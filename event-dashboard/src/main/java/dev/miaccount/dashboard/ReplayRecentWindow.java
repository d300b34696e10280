package dev.miaccount.dashboard;

import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * The window lives in memory only, so whenever partitions are assigned (at start, after a rebalance) each one is
 * read again from its last {@code window-size} records. Events already in the window are recognised by their id.
 */
@ApplicationScoped
@Identifier("event-dashboard.replay-window")
public class ReplayRecentWindow implements KafkaConsumerRebalanceListener {

    private final EventWindow window;

    public ReplayRecentWindow(EventWindow window) {
        this.window = window;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            long first = beginning.getOrDefault(partition, 0L);
            long from = Math.max(first, end.getOrDefault(partition, first) - window.capacity());
            consumer.seek(partition, from);
        }
        Log.debugf("reading %s from their last %d records", partitions, window.capacity());
    }
}
