package dev.miaccount.notification.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One message to an account on one channel, and what became of it. While it waits for a real gateway (PENDING) it
 * is also a job: the message sealed by {@link DeliveryCipher} ({@code payload}, never in clear), when it may next
 * be tried ({@code nextAttemptAt}), until when ({@code expiresAt}), how often it was tried and why the last try
 * failed. The sealed message is erased as soon as the delivery is SENT or FAILED.
 */
@Entity
@Table(name = "delivery")
public class Delivery {

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false, length = 10)
    private String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryKind kind;

    @Column(nullable = false)
    private String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Channel channel;

    @Column(name = "masked_destination", nullable = false)
    private String maskedDestination;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "payload")
    private byte[] payload;

    @Column(name = "payload_key_id", length = 16)
    private String payloadKeyId;

    @Column(name = "flow_id", length = 64)
    private String flowId;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_error")
    private String lastError;

    protected Delivery() {
    }

    public Delivery(String accountId, DeliveryKind kind, String reason, Channel channel, String maskedDestination,
            Instant now) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.kind = kind;
        this.reason = reason;
        this.channel = channel;
        this.maskedDestination = maskedDestination;
        this.status = DeliveryStatus.PENDING;
        this.createdAt = now;
    }

    /** A job for the dispatcher: the sealed message waits here, due at once, to be sent before {@code expiresAt}. */
    public void queue(byte[] sealed, String keyId, String flowId, Instant now, Instant expiresAt) {
        this.payload = sealed;
        this.payloadKeyId = keyId;
        this.flowId = flowId;
        this.nextAttemptAt = now;
        this.expiresAt = expiresAt;
    }

    public void sent(Instant at) {
        status = DeliveryStatus.SENT;
        sentAt = at;
        erase();
    }

    public void failed(String why) {
        status = DeliveryStatus.FAILED;
        failureReason = clip(why);
        erase();
    }

    /** A transient failure: the job is due again at {@code at}. */
    public void retryAt(Instant at, String error) {
        nextAttemptAt = at;
        lastError = clip(error);
    }

    /** Nothing of the message is kept once the delivery is over. */
    private void erase() {
        payload = null;
        payloadKeyId = null;
        nextAttemptAt = null;
    }

    private static String clip(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    public String getFailureReason() {
        return failureReason;
    }

    public UUID getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public DeliveryKind getKind() {
        return kind;
    }

    public String getReason() {
        return reason;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getMaskedDestination() {
        return maskedDestination;
    }

    public DeliveryStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSentAt() {
        return sentAt;
    }

    public String getFlowId() {
        return flowId;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public String getLastError() {
        return lastError;
    }

    public boolean holdsMessage() {
        return payload != null;
    }
}
