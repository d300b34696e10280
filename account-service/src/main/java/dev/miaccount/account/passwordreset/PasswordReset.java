package dev.miaccount.account.passwordreset;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A reset of an existing account's password, waiting for its code. */
@Entity
@Table(name = "password_reset")
public class PasswordReset {

    public static final String PENDING = "PENDING";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXHAUSTED = "EXHAUSTED";

    @Id
    @Column(name = "reset_id")
    private UUID resetId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(nullable = false)
    private String status;

    @Column(name = "completed_at")
    private Instant completedAt;

    protected PasswordReset() {
    }

    public PasswordReset(UUID resetId, String accountId, Instant now) {
        this.resetId = resetId;
        this.accountId = accountId;
        this.requestedAt = now;
        this.status = PENDING;
    }

    public boolean isPending() {
        return PENDING.equals(status);
    }

    public void complete(Instant now) {
        status = COMPLETED;
        completedAt = now;
    }

    public void exhaust(Instant now) {
        status = EXHAUSTED;
        completedAt = now;
    }

    public UUID getResetId() {
        return resetId;
    }

    public String getAccountId() {
        return accountId;
    }
}
