package dev.miaccount.account.signin;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Consecutive failed sign-ins of one account, and the lockout they caused. */
@Entity
@Table(name = "sign_in_failure")
public class SignInFailure {

    @Id
    @Column(name = "account_id", length = 10)
    private String accountId;

    @Column(name = "consecutive_failures", nullable = false)
    private int consecutiveFailures;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "last_failure_at", nullable = false)
    private Instant lastFailureAt;

    protected SignInFailure() {
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant getLockedUntil() {
        return lockedUntil;
    }
}
