package dev.miaccount.device.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account that account-service announced; phones are only ever bound to such accounts. */
@Entity
@Table(name = "known_account")
public class KnownAccount {

    @Id
    @Column(name = "account_id", length = 10)
    private String accountId;

    @Column(name = "registered_at", nullable = false)
    private Instant registeredAt;

    @Column(name = "known_since", nullable = false)
    private Instant knownSince;

    protected KnownAccount() {
    }

    public KnownAccount(String accountId, Instant registeredAt, Instant knownSince) {
        this.accountId = accountId;
        this.registeredAt = registeredAt;
        this.knownSince = knownSince;
    }

    public String getAccountId() {
        return accountId;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }

    public Instant getKnownSince() {
        return knownSince;
    }
}
