package dev.miaccount.account.contactchange;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A new email or phone that waits for the code sent to it; the profile keeps the old address until then. */
@Entity
@Table(name = "contact_change")
public class ContactChange {

    /** Which address changes; the names are the channels a code goes by. */
    public enum Channel {
        EMAIL, SMS
    }

    public enum State {
        PENDING, COMPLETED, EXHAUSTED, SUPERSEDED
    }

    @Id
    @Column(name = "change_id")
    private UUID changeId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Channel channel;

    @Column(name = "new_value", nullable = false)
    private String newValue;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    protected ContactChange() {
    }

    public ContactChange(String accountId, Channel channel, String newValue, Instant now) {
        this.changeId = UUID.randomUUID();
        this.accountId = accountId;
        this.channel = channel;
        this.newValue = newValue;
        this.state = State.PENDING;
        this.requestedAt = now;
    }

    public boolean isPendingFor(String account) {
        return state == State.PENDING && accountId.equals(account);
    }

    public void complete(Instant now) {
        end(State.COMPLETED, now);
    }

    public void exhaust(Instant now) {
        end(State.EXHAUSTED, now);
    }

    /** A newer change of the same account replaces this one: its code no longer confirms anything. */
    public void supersede(Instant now) {
        end(State.SUPERSEDED, now);
    }

    private void end(State ended, Instant now) {
        state = ended;
        completedAt = now;
    }

    public UUID getChangeId() {
        return changeId;
    }

    public String getAccountId() {
        return accountId;
    }

    public Channel getChannel() {
        return channel;
    }

    public String getNewValue() {
        return newValue;
    }

    @Override
    public String toString() {
        return "ContactChange[" + changeId + ", account " + accountId + ", " + channel + ", " + state + "]";
    }
}
