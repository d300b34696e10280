package dev.miaccount.notification.code;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The code sent for one password reset or contact change (its {@code requestId}): its hash only, where it went
 * (hashed) and what became of it.
 */
@Entity
@Table(name = "verification_code")
public class VerificationCode {

    @Id
    @Column(name = "request_id", length = 64)
    private String requestId;

    @Column(name = "account_id", nullable = false, length = 10)
    private String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CodePurpose purpose;

    @Column(name = "code_hash", nullable = false, length = 64)
    private String codeHash;

    @Column(name = "destination_hash", nullable = false, length = 64)
    private String destinationHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CodeState state;

    @Column(name = "failed_attempts", nullable = false)
    private int failedAttempts;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected VerificationCode() {
    }

    public VerificationCode(String requestId, String accountId, CodePurpose purpose, String codeHash,
            String destinationHash, Instant now, Instant expiresAt) {
        this.requestId = requestId;
        this.accountId = accountId;
        this.purpose = purpose;
        this.codeHash = codeHash;
        this.destinationHash = destinationHash;
        this.state = CodeState.ACTIVE;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    /**
     * One check of a code whose hash is {@code candidateHash}, for {@code accountId}, at {@code now}. The right
     * code is accepted once; a wrong one counts an attempt, and the {@code maxAttempts}-th kills the code.
     */
    CheckResult check(String accountId, String candidateHash, Instant now, int maxAttempts) {
        if (!this.accountId.equals(accountId)) {
            return CheckResult.INVALID;
        }
        if (state == CodeState.EXHAUSTED) {
            return CheckResult.EXHAUSTED;
        }
        if (state != CodeState.ACTIVE || !now.isBefore(expiresAt)) {
            return CheckResult.INVALID;
        }
        if (CodeHasher.same(codeHash, candidateHash)) {
            state = CodeState.USED;
            return CheckResult.VALID;
        }
        failedAttempts++;
        if (failedAttempts >= maxAttempts) {
            state = CodeState.EXHAUSTED;
            return CheckResult.EXHAUSTED;
        }
        return CheckResult.INVALID;
    }

    public String getRequestId() {
        return requestId;
    }

    public CodePurpose getPurpose() {
        return purpose;
    }

    public String getAccountId() {
        return accountId;
    }

    public CodeState getState() {
        return state;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public int getFailedAttempts() {
        return failedAttempts;
    }
}
