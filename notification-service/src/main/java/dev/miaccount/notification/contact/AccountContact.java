package dev.miaccount.notification.contact;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Where an account can be reached, as account-service last announced it. */
@Entity
@Table(name = "account_contact")
public class AccountContact {

    @Id
    @Column(name = "account_id", length = 10)
    private String accountId;

    private String email;

    private String phone;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected AccountContact() {
    }

    public AccountContact(String accountId, String email, String phone, String displayName, Instant updatedAt) {
        this.accountId = accountId;
        this.email = email;
        this.phone = phone;
        this.displayName = displayName;
        this.updatedAt = updatedAt;
    }

    /** The addresses and name as account-service now announces them. */
    public void update(String email, String phone, String displayName, Instant at) {
        this.email = email;
        this.phone = phone;
        this.displayName = displayName;
        this.updatedAt = at;
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

    public String getDisplayName() {
        return displayName;
    }
}
