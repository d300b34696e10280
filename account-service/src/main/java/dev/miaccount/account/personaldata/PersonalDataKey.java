package dev.miaccount.account.personaldata;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account's data key: what seals its personal data in events. Never logged, never in an event. */
@Entity
@Table(name = "personal_data_key")
public class PersonalDataKey {

    @Id
    @Column(name = "account_id", length = 10)
    private String accountId;

    @Column(name = "data_key", nullable = false)
    private byte[] dataKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PersonalDataKey() {
    }

    PersonalDataKey(String accountId, byte[] dataKey, Instant createdAt) {
        this.accountId = accountId;
        this.dataKey = dataKey;
        this.createdAt = createdAt;
    }

    public String getAccountId() {
        return accountId;
    }

    byte[] getDataKey() {
        return dataKey;
    }

    @Override
    public String toString() {
        return "PersonalDataKey[" + accountId + "]";
    }
}
