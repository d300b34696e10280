package dev.miaccount.dashboard;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.NonBlocking;

/**
 * Every record of every topic, into the window. A record that is no CloudEvent is skipped; nothing a producer
 * writes can stop this consumer.
 */
@ApplicationScoped
public class TopicsConsumer {

    private final EventWindow window;
    private final ObjectMapper mapper;

    public TopicsConsumer(EventWindow window, ObjectMapper mapper) {
        this.window = window;
        this.mapper = mapper;
    }

    /** In-memory work only: on the connector's thread, in the order of each partition. */
    @Incoming("events")
    @NonBlocking
    public void consume(ConsumerRecord<String, String> record) {
        try {
            CloudEventRecords.read(record, mapper).ifPresentOrElse(window::add,
                    () -> Log.debugf("%s: skipped a record without CloudEvents attributes",
                            CloudEventRecords.where(record)));
        } catch (RuntimeException e) {
            Log.warnf(e, "%s: skipped a record that could not be read", CloudEventRecords.where(record));
        }
    }
}
