package dev.miaccount.messaging;

import java.time.ZonedDateTime;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/** An incoming CloudEvent: its attributes, its flow and its JSON data. */
public record ReceivedEvent(String id, String type, String source, String subject, ZonedDateTime time,
        String flowId, String data, ObjectMapper mapper) {

    public static final String FLOW_ID_EXTENSION = "flowid";

    /** @throws PoisonEventException when the record is no CloudEvent of ours */
    public static ReceivedEvent from(Message<?> message, ObjectMapper mapper) {
        IncomingCloudEventMetadata<?> ce = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonEventException("the record carries no CloudEvents attributes"));
        String flowId = ce.<Object>getExtension(FLOW_ID_EXTENSION).map(Object::toString)
                .orElseThrow(() -> new PoisonEventException("event " + ce.getId() + " has no flowid"));
        Object payload = message.getPayload();
        if (payload == null) {
            throw new PoisonEventException("event " + ce.getId() + " has no data");
        }
        return new ReceivedEvent(ce.getId(), ce.getType(), String.valueOf(ce.getSource()),
                ce.getSubject().orElse(null), ce.getTimeStamp().orElse(null), flowId, payload.toString(), mapper);
    }

    /** The data as the contract's record. @throws PoisonEventException when it does not fit */
    public <T> T data(Class<T> type) {
        try {
            return mapper.readValue(data, type);
        } catch (Exception e) {
            throw new PoisonEventException("event " + id + " of type " + this.type + " has unreadable data: "
                    + e.getClass().getSimpleName());
        }
    }
}
