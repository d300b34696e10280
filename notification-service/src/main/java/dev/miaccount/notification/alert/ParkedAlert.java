package dev.miaccount.notification.alert;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.miaccount.notification.delivery.Channel;

/**
 * A security alert waiting for its account's contact (table {@code parked_alert}): what happened, not yet the
 * message, since the greeting and the channel depend on the contact. It holds no address and no secret.
 */
@Entity
@Table(name = "parked_alert")
public class ParkedAlert {

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false, length = 10)
    private String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SecurityAlert reason;

    @Enumerated(EnumType.STRING)
    @Column(name = "preferred_channel", nullable = false)
    private Channel preferredChannel;

    @Column(name = "what_happened", nullable = false)
    private String whatHappened;

    @Column(name = "flow_id", length = 64)
    private String flowId;

    @Column(name = "parked_at", nullable = false)
    private Instant parkedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected ParkedAlert() {
    }

    public ParkedAlert(String accountId, SecurityAlert reason, Channel preferredChannel, String whatHappened,
            String flowId, Instant parkedAt, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.reason = reason;
        this.preferredChannel = preferredChannel;
        this.whatHappened = whatHappened;
        this.flowId = flowId;
        this.parkedAt = parkedAt;
        this.expiresAt = expiresAt;
    }

    public UUID getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public SecurityAlert getReason() {
        return reason;
    }

    public Channel getPreferredChannel() {
        return preferredChannel;
    }

    public String getWhatHappened() {
        return whatHappened;
    }

    public String getFlowId() {
        return flowId;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    /** Ids and reason only: what happened (a phone's model and id) stays out of logs. */
    @Override
    public String toString() {
        return "ParkedAlert[" + id + " " + reason + " of account " + accountId + "]";
    }
}
