package dev.miaccount.messaging.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of the transactional outbox; the relay reads it with plain SQL (see {@link OutboxRelay}). */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long seq;

    @Column(nullable = false, unique = true)
    private UUID id;

    @Column(nullable = false)
    private String topic;

    @Column(name = "message_key", nullable = false)
    private String messageKey;

    @Column(nullable = false)
    private String type;

    @Column(nullable = false)
    private String subject;

    @Column(name = "flow_id", nullable = false)
    private String flowId;

    @Column(nullable = false)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** W3C traceparent of the span that appended it; null when untraced. */
    @Column(name = "trace_parent")
    private String traceParent;

    protected OutboxEvent() {
    }

    OutboxEvent(UUID id, String topic, String messageKey, String type, String subject, String flowId,
            String payload, Instant createdAt, String traceParent) {
        this.id = id;
        this.topic = topic;
        this.messageKey = messageKey;
        this.type = type;
        this.subject = subject;
        this.flowId = flowId;
        this.payload = payload;
        this.createdAt = createdAt;
        this.traceParent = traceParent;
    }

    public UUID getId() {
        return id;
    }

    public String getFlowId() {
        return flowId;
    }
}
