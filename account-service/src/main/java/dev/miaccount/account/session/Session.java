package dev.miaccount.account.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A signed-in session: on the website (WEB) or on a phone (DEVICE, naming the phone). */
@Entity
@Table(name = "session")
public class Session {

    public enum Kind {
        WEB, DEVICE
    }

    @Id
    @Column(name = "session_id")
    private UUID sessionId;

    @Column(name = "account_id", nullable = false, length = 10)
    private String accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(name = "device_id")
    private String deviceId;

    @Column(name = "device_model")
    private String deviceModel;

    @Column(name = "rom_region")
    private String romRegion;

    @Column(name = "find_device")
    private Boolean findDevice;

    @Column(name = "opened_at", nullable = false)
    private Instant openedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** Kept to within {@link SessionService#LAST_USED_PRECISION}: not written on every request. */
    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoke_reason")
    private String revokeReason;

    protected Session() {
    }

    private Session(String accountId, Kind kind, Instant now) {
        this.sessionId = UUID.randomUUID();
        this.accountId = accountId;
        this.kind = kind;
        this.openedAt = now;
    }

    public static Session web(String accountId, Instant now) {
        return new Session(accountId, Kind.WEB, now);
    }

    public static Session device(String accountId, DeviceInfo device, Instant now) {
        Session session = new Session(accountId, Kind.DEVICE, now);
        session.deviceId = device.deviceId();
        session.deviceModel = device.model();
        session.romRegion = device.romRegion();
        session.findDevice = device.findDeviceOrDefault();
        return session;
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public void revoke(String reason, Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
            revokeReason = reason;
        }
    }

    public UUID getSessionId() {
        return sessionId;
    }

    public String getAccountId() {
        return accountId;
    }

    public Kind getKind() {
        return kind;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public String getDeviceModel() {
        return deviceModel;
    }

    public String getRomRegion() {
        return romRegion;
    }

    public Boolean getFindDevice() {
        return findDevice;
    }

    public Instant getOpenedAt() {
        return openedAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }
}
