package dev.miaccount.notification.code;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One wrong code checked for an account: counted for the daily cap across all of its codes. */
@Entity
@Table(name = "failed_code_check")
public class FailedCodeCheck {

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false, length = 10)
    private String accountId;

    @Column(name = "failed_at", nullable = false)
    private Instant failedAt;

    protected FailedCodeCheck() {
    }

    public FailedCodeCheck(String accountId, Instant failedAt) {
        this.id = UUID.randomUUID();
        this.accountId = accountId;
        this.failedAt = failedAt;
    }
}
