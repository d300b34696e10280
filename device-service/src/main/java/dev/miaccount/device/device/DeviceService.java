package dev.miaccount.device.device;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import dev.miaccount.auth.Caller;
import dev.miaccount.auth.StepUpTokens;
import dev.miaccount.auth.TrackedSessions;
import dev.miaccount.events.DeviceEvent;
import dev.miaccount.events.DeviceSessionsRevoked;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.SessionOpened;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The phones: binding by sign-in, My Devices, Find device and sign-out on the phone. Every write locks the
 * phone's row, so concurrent requests and events about one phone apply one after the other, and stores the new
 * state together with its event.
 */
@ApplicationScoped
public class DeviceService {

    private final DeviceRepository devices;
    private final TrackedSessions sessions;
    private final StepUpTokens stepUp;
    private final Outbox outbox;
    private final Clock clock;

    public DeviceService(DeviceRepository devices, TrackedSessions sessions, StepUpTokens stepUp, Outbox outbox,
            Clock clock) {
        this.devices = devices;
        this.sessions = sessions;
        this.stepUp = stepUp;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithSession
    public Uni<List<Device>> myDevices(Caller caller) {
        return devices.ownedBy(caller.accountId());
    }

    @WithSession
    public Uni<Device> get(Caller caller, String deviceId) {
        return devices.findById(deviceId).map(device -> visible(device, caller, deviceId));
    }

    @WithTransaction
    public Uni<Device> setFindDevice(Caller caller, String deviceId, boolean enabled, String stepUpToken) {
        return lock(deviceId).flatMap(device -> {
            requireOwner(device, caller, deviceId);
            if (device.isFindDevice() == enabled) {
                return Uni.createFrom().item(device);
            }
            Uni<Void> allowed = enabled ? Uni.createFrom().voidItem() : stepUp.consume(stepUpToken, caller);
            return allowed.flatMap(ignored -> {
                device.setFindDevice(enabled, Instant.now(clock));
                return announce(device, EventTypes.DEVICE_FIND_DEVICE_CHANGED, caller.accountId(), null, null)
                        .replaceWith(device);
            });
        });
    }

    /** Only the phone's own session may sign it out; with Find device on, only after the password again. */
    @WithTransaction
    public Uni<String> signOut(Caller caller, String deviceId, DataChoice choice, String stepUpToken) {
        if (!deviceId.equals(caller.deviceId())) {
            return Uni.createFrom().failure(new ProblemException(403, "device-session-required",
                    "Device session required", "only the phone's own session can sign the phone out"));
        }
        return lock(deviceId).flatMap(device -> {
            requireOwner(device, caller, deviceId);
            Uni<Void> allowed = device.isFindDevice() && device.getState() == DeviceState.BOUND
                    ? stepUp.consume(stepUpToken, caller) : Uni.createFrom().voidItem();
            return allowed.flatMap(ignored -> {
                String flowId = OutgoingEvent.newFlowId();
                device.requestSignOut(choice, flowId, Instant.now(clock));
                return announce(device, EventTypes.DEVICE_SIGN_OUT_REQUESTED, caller.accountId(), null, flowId)
                        .replaceWith(flowId);
            });
        });
    }

    /**
     * Delete device on the website, from any session of the owner. Deleting a phone whose activation lock is on
     * (LOCKED, or bound with Find device) lifts the lock, so it takes the password again. Repeating it is harmless:
     * while the deletion is under way, or after it, the answer names the same flow and nothing happens again.
     */
    @WithTransaction
    public Uni<String> delete(Caller caller, String deviceId, String stepUpToken) {
        return lock(deviceId).flatMap(device -> {
            if (device != null && device.getState() == DeviceState.DELETED && device.visibleTo(caller.accountId())) {
                return Uni.createFrom().item(device.getLastFlowId());
            }
            requireOwner(device, caller, deviceId);
            if (device.getState() == DeviceState.DELETING) {
                return Uni.createFrom().item(device.getPendingFlowId());
            }
            device.requireDeletable();
            Uni<Void> allowed = device.activationLocked() ? stepUp.consume(stepUpToken, caller)
                    : Uni.createFrom().voidItem();
            return allowed.flatMap(ignored -> {
                String flowId = OutgoingEvent.newFlowId();
                device.requestDeletion(flowId, Instant.now(clock));
                return announce(device, EventTypes.DEVICE_DELETION_REQUESTED, caller.accountId(), null, flowId)
                        .replaceWith(flowId);
            });
        });
    }

    /** A factory reset, reported by the phone's own session: LOCKED with Find device on, else SIGNED_OUT. */
    @WithTransaction
    public Uni<String> factoryReset(Caller caller, String deviceId) {
        if (!deviceId.equals(caller.deviceId())) {
            return Uni.createFrom().failure(new ProblemException(403, "device-session-required",
                    "Device session required", "only the phone's own session can report its factory reset"));
        }
        return lock(deviceId).flatMap(device -> {
            visible(device, caller, deviceId); // its last owner learns the state (409), anyone else nothing (404)
            String flowId = OutgoingEvent.newFlowId();
            device.factoryReset(flowId, Instant.now(clock));
            Uni<Void> requested = announce(device, EventTypes.DEVICE_RESET_REQUESTED, caller.accountId(), null, flowId);
            return (device.getState() == DeviceState.LOCKED
                    ? requested.flatMap(x -> announce(device, EventTypes.DEVICE_LOCKED, caller.accountId(), null,
                            flowId))
                    : requested).replaceWith(flowId);
        });
    }

    /** The owner, with the password again, lifts the activation lock of its LOCKED phone. */
    @WithTransaction
    public Uni<Device> activate(Caller caller, String deviceId, String stepUpToken) {
        return lock(deviceId).flatMap(device -> {
            if (device == null) {
                throw ProblemException.notFound("no phone " + deviceId);
            }
            if (!device.ownedBy(caller.accountId())) {
                throw new ProblemException(403, "not-owner", "Not the owner",
                        "only the account this phone is locked to can activate it");
            }
            device.requireActivatable();
            return stepUp.consume(stepUpToken, caller).flatMap(ignored -> {
                device.activate(Instant.now(clock));
                return announce(device, EventTypes.DEVICE_ACTIVATED, caller.accountId(), null, null)
                        .replaceWith(device);
            });
        });
    }

    /** For anyone: would a reset of this phone ask for its owner's password? An unknown phone is not locked. */
    @WithSession
    public Uni<Boolean> activationLocked(String deviceId) {
        return devices.findById(deviceId).map(device -> device != null && device.activationLocked());
    }

    /** A device session was opened: bind the phone, or refuse when it belongs to another account. */
    public Uni<Void> sessionOpened(SessionOpened opened, String flowId) {
        UUID sessionId = UUID.fromString(opened.sessionId());
        SessionOpened.Device phone = opened.device();
        Uni<Void> tracked = sessions.opened(sessionId, opened.accountId(), phone == null ? null : phone.deviceId());
        if (phone == null) {
            return tracked;
        }
        Instant now = Instant.now(clock);
        return tracked.flatMap(ignored -> devices.findById(phone.deviceId(), LockModeType.PESSIMISTIC_WRITE))
                .flatMap(found -> found != null ? Uni.createFrom().item(found)
                        : devices.persist(Device.firstSeen(phone.deviceId(), phone.model(), phone.romRegion(), now)))
                .flatMap(device -> {
                    if (!device.bindableBy(opened.accountId())) {
                        Log.infof("phone %s belongs to another account; sign-in of %s refused", device.getDeviceId(),
                                opened.accountId());
                        return announce(device, EventTypes.DEVICE_BINDING_REJECTED, opened.accountId(),
                                opened.sessionId(), flowId);
                    }
                    device.bind(opened.accountId(), phone.model(), phone.romRegion(), phone.findDevice(), sessionId,
                            now);
                    return announce(device, EventTypes.DEVICE_BOUND, opened.accountId(), opened.sessionId(), flowId);
                });
    }

    /** account-service revoked the phone's sessions for a flow: the flow's last step here. */
    public Uni<Void> deviceSessionsRevoked(DeviceSessionsRevoked revoked, String flowId) {
        List<UUID> ids = revoked.sessionIds().stream().map(UUID::fromString).toList();
        return sessions.revoked(ids, revoked.accountId(), revoked.deviceId())
                .flatMap(ignored -> devices.findById(revoked.deviceId(), LockModeType.PESSIMISTIC_WRITE))
                .flatMap(device -> {
                    if (device == null) {
                        return Uni.createFrom().voidItem();
                    }
                    String accountId = device.getOwnerAccountId();
                    Instant now = Instant.now(clock);
                    if (device.completeSignOut(flowId, now)) {
                        return announce(device, EventTypes.DEVICE_SIGNED_OUT, accountId, null, flowId);
                    }
                    if (device.completeDeletion(flowId, now)) {
                        return announce(device, EventTypes.DEVICE_DELETED, accountId, null, flowId);
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Device> lock(String deviceId) {
        return devices.findById(deviceId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** 404 for anyone but the owner and the last owner: nobody learns another account's phones. */
    private static Device visible(Device device, Caller caller, String deviceId) {
        if (device == null || !device.visibleTo(caller.accountId())) {
            throw ProblemException.notFound("no phone " + deviceId + " in your devices");
        }
        return device;
    }

    private static void requireOwner(Device device, Caller caller, String deviceId) {
        if (device == null || !device.ownedBy(caller.accountId())) {
            throw ProblemException.notFound("no phone " + deviceId + " in your devices");
        }
    }

    private Uni<Void> announce(Device device, String type, String accountId, String sessionId, String flowId) {
        DataChoice choice = device.getPendingDataChoice() != null ? device.getPendingDataChoice()
                : device.getLastDataChoice();
        return outbox.append(new OutgoingEvent(Topics.DEVICE_EVENTS, device.getDeviceId(), type, device.getDeviceId(),
                flowId, new DeviceEvent(device.getDeviceId(), accountId, device.getState().name(), device.getModel(),
                        device.getRomRegion(), device.isFindDevice(), choice == null ? null : choice.name(), sessionId,
                        Instant.now(clock))))
                .invoke(() -> Log.infof("phone %s: %s (%s)", device.getDeviceId(), type, device.getState()))
                .replaceWithVoid();
    }
}
