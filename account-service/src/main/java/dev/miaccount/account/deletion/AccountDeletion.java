package dev.miaccount.account.deletion;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A deletion of the account asked for (its code sent), then confirmed. Erased with the account. */
@Entity
@Table(name = "account_deletion")
public class AccountDeletion {

    public enum State {
        PENDING, CONFIRMED, EXHAUSTED, SUPERSEDED
    }

    @Id
    @Column(name = "deletion_id")
    private UUID deletionId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "flow_id")
    private String flowId;

    protected AccountDeletion() {
    }

    AccountDeletion(String accountId, Instant now) {
        this.deletionId = UUID.randomUUID();
        this.accountId = accountId;
        this.state = State.PENDING;
        this.requestedAt = now;
    }

    boolean isPendingFor(String accountId) {
        return state == State.PENDING && this.accountId.equals(accountId);
    }

    void confirm(String flowId) {
        this.state = State.CONFIRMED;
        this.flowId = flowId;
    }

    /** Too many wrong codes: the request is over (only while it is pending). */
    void exhaust() {
        if (state == State.PENDING) {
            state = State.EXHAUSTED;
        }
    }

    /** A newer request replaces it: its code no longer confirms anything. */
    void supersede() {
        state = State.SUPERSEDED;
    }

    public UUID getDeletionId() {
        return deletionId;
    }

    public String getAccountId() {
        return accountId;
    }
}
