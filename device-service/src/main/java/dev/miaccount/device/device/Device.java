package dev.miaccount.device.device;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.miaccount.problem.ProblemException;

/**
 * A phone and the account it belongs to. Every change of state goes through a method here, so the rules of the
 * state machine stand in one place; the service stores the change together with its event.
 */
@Entity
@Table(name = "device")
public class Device {

    @Id
    @Column(name = "device_id")
    private String deviceId;

    @Column(nullable = false)
    private String model;

    @Column(name = "rom_region", nullable = false)
    private String romRegion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeviceState state;

    @Column(name = "owner_account_id")
    private String ownerAccountId;

    @Column(name = "last_owner_account_id")
    private String lastOwnerAccountId;

    @Column(name = "find_device", nullable = false)
    private boolean findDevice;

    @Column(name = "bound_at")
    private Instant boundAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "last_data_choice")
    private DataChoice lastDataChoice;

    @Column(name = "pending_flow_id")
    private String pendingFlowId;

    @Enumerated(EnumType.STRING)
    @Column(name = "pending_data_choice")
    private DataChoice pendingDataChoice;

    @Column(name = "bound_session_id")
    private UUID boundSessionId;

    @Column(name = "last_flow_id")
    private String lastFlowId;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "flow_requested_at")
    private Instant flowRequestedAt;

    @Column(name = "flow_deadline_at")
    private Instant flowDeadlineAt;

    @Column(name = "flow_attempts", nullable = false)
    private int flowAttempts;

    @Column(name = "flow_stuck", nullable = false)
    private boolean flowStuck;

    @Version
    private long version;

    protected Device() {
    }

    public static Device firstSeen(String deviceId, String model, String romRegion, Instant now) {
        Device device = new Device();
        device.deviceId = deviceId;
        device.model = model;
        device.romRegion = romRegion;
        device.state = DeviceState.SIGNED_OUT;
        device.findDevice = true;
        device.updatedAt = now;
        return device;
    }

    /** Whether a sign-in by {@code accountId} may bind it: nobody owns it, or that account does. */
    public boolean bindableBy(String accountId) {
        return ownerAccountId == null || ownerAccountId.equals(accountId);
    }

    /**
     * A device session of {@code accountId} binds the phone. Bound anew (after a sign-out, a deletion, or to
     * another account) the waiting period for the bootloader starts again; the owner signing in once more does not
     * restart it, and the owner signing in on its own LOCKED phone unlocks it. Find device is taken from the
     * session only when the phone is bound anew: a later sign-in of the owner never flips it (turning it off takes
     * the password again, through find-device).
     */
    public void bind(String accountId, String model, String romRegion, boolean findDevice, UUID sessionId,
            Instant now) {
        if (!bindableBy(accountId)) {
            throw new IllegalStateException("device " + deviceId + " belongs to another account");
        }
        boolean anew = ownerAccountId == null;
        ownerAccountId = accountId;
        lastOwnerAccountId = accountId;
        this.model = model;
        this.romRegion = romRegion;
        if (anew) {
            this.findDevice = findDevice;
        }
        this.boundSessionId = sessionId;
        if (anew || boundAt == null) {
            boundAt = now;
        }
        if (state != DeviceState.SIGNING_OUT && state != DeviceState.DELETING) {
            state = DeviceState.BOUND;
        }
        updatedAt = now;
    }

    public void setFindDevice(boolean enabled, Instant now) {
        findDevice = enabled;
        updatedAt = now;
    }

    /** BOUND → SIGNING_OUT, remembering the data choice until account-service has revoked the sessions. */
    public void requestSignOut(DataChoice choice, String flowId, Instant now) {
        if (state != DeviceState.BOUND) {
            throw ProblemException.conflict("the phone is " + state + "; only a BOUND phone can sign out"
                    + (pendingFlowId != null ? " (flow " + pendingFlowId + " is under way)" : ""));
        }
        state = DeviceState.SIGNING_OUT;
        pendingFlowId = flowId;
        pendingDataChoice = choice;
        updatedAt = now;
    }

    /**
     * Delete device on the website: BOUND or LOCKED → DELETING. Asking again while it is under way is harmless
     * and returns false (the caller answers with the pending flow); during a sign-out it is a conflict.
     */
    public void requestDeletion(String flowId, Instant now) {
        requireDeletable();
        state = DeviceState.DELETING;
        pendingFlowId = flowId;
        updatedAt = now;
    }

    /** @throws ProblemException 409 conflict unless the phone is BOUND or LOCKED */
    public void requireDeletable() {
        if (state != DeviceState.BOUND && state != DeviceState.LOCKED) {
            throw ProblemException.conflict("the phone is " + state + "; it cannot be deleted now");
        }
    }

    /** The sessions are revoked: DELETING → DELETED, the lock lifted. */
    public boolean completeDeletion(String flowId, Instant now) {
        if (state != DeviceState.DELETING || !flowId.equals(pendingFlowId)) {
            return false;
        }
        state = DeviceState.DELETED;
        release(now);
        return true;
    }

    /**
     * The account is being erased: a phone it owns (in any state, LOCKED too: the owner proved the password and the
     * code) is deleted as Delete device would, its lock lifted; and no phone keeps it as its last owner.
     *
     * @return whether the account owned the phone
     */
    public boolean eraseAccount(String accountId, String flowId, Instant now) {
        boolean owned = accountId.equals(ownerAccountId);
        if (owned) {
            state = DeviceState.DELETED;
            pendingFlowId = flowId;
            release(now);
        }
        if (accountId.equals(lastOwnerAccountId)) {
            lastOwnerAccountId = null;
            updatedAt = now;
        }
        return owned;
    }

    /** A factory reset on the phone: with Find device on it stays the owner's, LOCKED; otherwise it is free. */
    public void factoryReset(String flowId, Instant now) {
        if (state != DeviceState.BOUND) {
            throw ProblemException.conflict("the phone is " + state + "; only a BOUND phone can be reset");
        }
        if (findDevice) {
            state = DeviceState.LOCKED;
            boundSessionId = null;
            lastFlowId = flowId;
            updatedAt = now;
        } else {
            state = DeviceState.SIGNED_OUT;
            pendingFlowId = flowId;
            release(now);
        }
    }

    /** The owner activates its LOCKED phone again. */
    public void activate(Instant now) {
        requireActivatable();
        state = DeviceState.BOUND;
        updatedAt = now;
    }

    /** @throws ProblemException 409 conflict unless the phone is LOCKED */
    public void requireActivatable() {
        if (state != DeviceState.LOCKED) {
            throw ProblemException.conflict("the phone is " + state + "; only a LOCKED phone can be activated");
        }
    }

    /** What a buyer may know: whether a reset would ask for the owner's password. */
    public boolean activationLocked() {
        return state == DeviceState.LOCKED || (state.owned() && findDevice);
    }

    /** The sessions are revoked: SIGNING_OUT → SIGNED_OUT, the lock lifted, the data choice recorded. */
    public boolean completeSignOut(String flowId, Instant now) {
        if (state != DeviceState.SIGNING_OUT || !flowId.equals(pendingFlowId)) {
            return false;
        }
        state = DeviceState.SIGNED_OUT;
        lastDataChoice = pendingDataChoice;
        release(now);
        return true;
    }

    /** The pending flow's request was sent: account-service has until {@code deadline} to answer. */
    public void flowStarted(Instant now, Instant deadline) {
        flowRequestedAt = now;
        flowAttempts = 1;
        flowDeadlineAt = deadline;
        flowStuck = false;
    }

    /**
     * The pending flow's request was sent again. {@code freshRound}: the owner asked again, so the attempts start
     * over and the flow is no longer shown as stuck; otherwise the sweep did, and the count goes on.
     */
    public void flowAskedAgain(Instant now, Instant deadline, boolean freshRound) {
        flowAttempts = freshRound ? 1 : flowAttempts + 1;
        flowDeadlineAt = deadline;
        if (freshRound) {
            flowStuck = false;
        }
        updatedAt = now;
    }

    /** The pending flow got no answer after its last attempt: shown as stuck, asked for again at {@code retryAt}. */
    public void flowStuck(Instant now, Instant retryAt) {
        flowStuck = true;
        flowDeadlineAt = retryAt;
        updatedAt = now;
    }

    private void release(Instant now) {
        flowRequestedAt = null;
        flowDeadlineAt = null;
        flowAttempts = 0;
        flowStuck = false;
        lastFlowId = pendingFlowId;
        lastOwnerAccountId = ownerAccountId;
        ownerAccountId = null;
        boundSessionId = null;
        pendingFlowId = null;
        pendingDataChoice = null;
        updatedAt = now;
    }

    /** Readable by its owner, and by its last owner until another account binds it. */
    public boolean visibleTo(String accountId) {
        return accountId.equals(ownerAccountId) || (ownerAccountId == null && accountId.equals(lastOwnerAccountId));
    }

    public boolean ownedBy(String accountId) {
        return accountId.equals(ownerAccountId);
    }

    public String getDeviceId() {
        return deviceId;
    }

    public String getModel() {
        return model;
    }

    public String getRomRegion() {
        return romRegion;
    }

    public DeviceState getState() {
        return state;
    }

    public String getOwnerAccountId() {
        return ownerAccountId;
    }

    public String getLastOwnerAccountId() {
        return lastOwnerAccountId;
    }

    public boolean isFindDevice() {
        return findDevice;
    }

    public Instant getBoundAt() {
        return boundAt;
    }

    public DataChoice getLastDataChoice() {
        return lastDataChoice;
    }

    public DataChoice getPendingDataChoice() {
        return pendingDataChoice;
    }

    public String getPendingFlowId() {
        return pendingFlowId;
    }

    public String getLastFlowId() {
        return lastFlowId;
    }

    public Instant getFlowRequestedAt() {
        return flowRequestedAt;
    }

    public int getFlowAttempts() {
        return flowAttempts;
    }

    public boolean isFlowStuck() {
        return flowStuck;
    }
}
