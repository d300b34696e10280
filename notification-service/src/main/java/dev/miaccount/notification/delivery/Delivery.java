package dev.miaccount.notification.delivery;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One message to an account on one channel, and what became of it. */
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

    public void sent(Instant at) {
        status = DeliveryStatus.SENT;
        sentAt = at;
    }

    public void failed(String why) {
        status = DeliveryStatus.FAILED;
        failureReason = why == null || why.length() <= 200 ? why : why.substring(0, 200);
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
}
