package dev.miaccount.account.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "account_id", length = 10)
    private String accountId;

    /** Trimmed and lower-cased, so that equality is case-insensitive. */
    private String email;

    /** E.164. */
    private String phone;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Set when the holder confirmed its deletion: from then on the account answers as an unknown one. */
    @Column(name = "deletion_started_at")
    private Instant deletionStartedAt;

    protected Account() {
    }

    public Account(String accountId, String email, String phone, String passwordHash, String displayName,
            Instant now) {
        this.accountId = accountId;
        this.email = email;
        this.phone = phone;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The holder confirmed the deletion: the account is on its way out. */
    public void startDeletion(Instant now) {
        deletionStartedAt = now;
        updatedAt = now;
    }

    public boolean isBeingDeleted() {
        return deletionStartedAt != null;
    }

    public void changePassword(String newHash, Instant now) {
        passwordHash = newHash;
        updatedAt = now;
    }

    /** @return the names of the fields that changed */
    public java.util.List<String> update(String newDisplayName, String newEmail, String newPhone, Instant now) {
        java.util.List<String> changed = new java.util.ArrayList<>();
        if (newDisplayName != null && !newDisplayName.equals(displayName)) {
            displayName = newDisplayName;
            changed.add("displayName");
        }
        if (newEmail != null && !newEmail.equals(email)) {
            email = newEmail;
            changed.add("email");
        }
        if (newPhone != null && !newPhone.equals(phone)) {
            phone = newPhone;
            changed.add("phone");
        }
        if (!changed.isEmpty()) {
            updatedAt = now;
        }
        return changed;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getEmail() {
        return email;
    }

    public String getPhone() {
        return phone;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public String getDisplayName() {
        return displayName;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
