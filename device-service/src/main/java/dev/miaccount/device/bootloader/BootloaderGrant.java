package dev.miaccount.device.bootloader;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Permission for an account to unlock the bootloader of a phone that has been bound to it long enough. */
@Entity
@Table(name = "bootloader_grant")
public class BootloaderGrant {

    @Id
    private UUID id;

    @Column(name = "device_id", nullable = false)
    private String deviceId;

    @Column(name = "account_id", nullable = false)
    private String accountId;

    @Column(name = "granted_at", nullable = false)
    private Instant grantedAt;

    protected BootloaderGrant() {
    }

    public BootloaderGrant(String deviceId, String accountId, Instant grantedAt) {
        this.id = UUID.randomUUID();
        this.deviceId = deviceId;
        this.accountId = accountId;
        this.grantedAt = grantedAt;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public Instant getGrantedAt() {
        return grantedAt;
    }
}
