package dev.miaccount.auth;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One of account-service's sessions as its events describe it: enough to refuse a revoked session's token. */
@Entity
@Table(name = "tracked_session")
public class TrackedSession {

    @Id
    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "device_id")
    private String deviceId;

    @Column(nullable = false)
    private boolean revoked;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TrackedSession() {
    }

    public TrackedSession(UUID sessionId, String accountId, String deviceId, boolean revoked, Instant now) {
        this.sessionId = sessionId;
        this.accountId = accountId;
        this.deviceId = deviceId;
        this.revoked = revoked;
        this.updatedAt = now;
    }

    public void revoke(Instant now) {
        revoked = true;
        updatedAt = now;
    }

    public boolean isRevoked() {
        return revoked;
    }

    public String getAccountId() {
        return accountId;
    }
}
