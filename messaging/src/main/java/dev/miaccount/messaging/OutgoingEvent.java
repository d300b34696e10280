package dev.miaccount.messaging;

import java.util.Objects;
import java.util.UUID;

/**
 * An event to publish: it goes on {@code topic} keyed by {@code key}, as a CloudEvent of {@code type} about
 * {@code subject}, carrying {@code flowId} (the flow it belongs to) and {@code data} serialized as JSON.
 */
public record OutgoingEvent(String topic, String key, String type, String subject, String flowId, Object data) {

    public OutgoingEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(data, "data");
        flowId = flowId == null ? newFlowId() : flowId;
    }

    /** The first event of a flow gets a new flow id; the events that follow from it carry it on. */
    public static String newFlowId() {
        return UUID.randomUUID().toString();
    }
}
