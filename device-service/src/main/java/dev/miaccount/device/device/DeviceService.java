package dev.miaccount.device.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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
import io.smallrye.mutiny.Multi;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final Duration flowDeadline;
    private final int flowMaxAttempts;
    private final Duration stuckRetryInterval;
    private final MeterRegistry registry;

    public DeviceService(DeviceRepository devices, TrackedSessions sessions, StepUpTokens stepUp, Outbox outbox,
            Clock clock, @ConfigProperty(name = "miaccount.flow.deadline") Duration flowDeadline,
            @ConfigProperty(name = "miaccount.flow.max-attempts") int flowMaxAttempts,
            @ConfigProperty(name = "miaccount.flow.stuck-retry-interval") Duration stuckRetryInterval,
            MeterRegistry registry) {
        this.registry = registry;
        this.devices = devices;
        this.sessions = sessions;
        this.stepUp = stepUp;
        this.outbox = outbox;
        this.clock = clock;
        this.flowDeadline = flowDeadline;
        this.flowMaxAttempts = flowMaxAttempts;
        this.stuckRetryInterval = stuckRetryInterval;
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
            if (device.getState() == DeviceState.SIGNING_OUT && device.isFlowStuck()) {
                return askAgain(device); // the phone repeats a sign-out that got stuck: the same flow, asked at once
            }
            Uni<Void> allowed = device.isFindDevice() && device.getState() == DeviceState.BOUND
                    ? stepUp.consume(stepUpToken, caller) : Uni.createFrom().voidItem();
            return allowed.flatMap(ignored -> {
                String flowId = OutgoingEvent.newFlowId();
                Instant now = requestTime();
                device.requestSignOut(choice, flowId, now);
                device.flowStarted(now, now.plus(flowDeadline));
                return announce(device, EventTypes.DEVICE_SIGN_OUT_REQUESTED, caller.accountId(), null, flowId, now)
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
                // under way: the same flow; when it got stuck, its request goes out again at once
                return device.isFlowStuck() ? askAgain(device) : Uni.createFrom().item(device.getPendingFlowId());
            }
            device.requireDeletable();
            Uni<Void> allowed = device.activationLocked() ? stepUp.consume(stepUpToken, caller)
                    : Uni.createFrom().voidItem();
            return allowed.flatMap(ignored -> {
                String flowId = OutgoingEvent.newFlowId();
                Instant now = requestTime();
                device.requestDeletion(flowId, now);
                device.flowStarted(now, now.plus(flowDeadline));
                return announce(device, EventTypes.DEVICE_DELETION_REQUESTED, caller.accountId(), null, flowId, now)
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
                    Instant requested = device.getFlowRequestedAt();
                    if (device.completeSignOut(flowId, now)) {
                        flowDone("sign-out", requested, now);
                        return announce(device, EventTypes.DEVICE_SIGNED_OUT, accountId, null, flowId);
                    }
                    if (device.completeDeletion(flowId, now)) {
                        flowDone("deletion", requested, now);
                        return announce(device, EventTypes.DEVICE_DELETED, accountId, null, flowId);
                    }
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * The saga deadline: every sign-out or deletion that account-service has not answered within
     * {@code miaccount.flow.deadline} sends its request again under the same flowId (account-service revokes what is
     * still active and answers again; this service completes a flow once). After {@code miaccount.flow.max-attempts}
     * requests the flow is marked stuck ({@code device.flow-stuck.v1}, a log line, {@code flowStuck} on the phone),
     * and from then on asked for again every {@code miaccount.flow.stuck-retry-interval} until the answer comes. A
     * stuck flow is never completed without account-service: the phone's sessions would outlive its sign-out or
     * deletion. Rows are locked with SKIP LOCKED, so replicas sweep side by side.
     *
     * @return how many flows were looked at
     */
    @WithTransaction
    public Uni<Integer> sweepOverdueFlows(int limit) {
        Instant now = Instant.now(clock);
        return devices.lockOverdueFlows(now, limit)
                .flatMap(overdue -> Multi.createFrom().iterable(overdue)
                        .onItem().transformToUniAndConcatenate(device -> nudge(device, now))
                        .collect().asList()
                        .map(List::size));
    }

    private Uni<Void> nudge(Device device, Instant now) {
        String flowId = device.getPendingFlowId();
        if (device.isFlowStuck()) {
            device.flowAskedAgain(now, now.plus(stuckRetryInterval), false);
            Log.infof("phone %s: flow %s is still stuck (%s); request sent again (attempt %d)", device.getDeviceId(),
                    flowId, device.getState(), device.getFlowAttempts());
            return announceRequest(device);
        }
        if (device.getFlowAttempts() < flowMaxAttempts) {
            device.flowAskedAgain(now, now.plus(flowDeadline), false);
            Log.infof("phone %s: flow %s (%s) not finished within %d s; request sent again (attempt %d of %d)",
                    device.getDeviceId(), flowId, device.getState(), flowDeadline.toSeconds(),
                    device.getFlowAttempts(), flowMaxAttempts);
            return announceRequest(device);
        }
        device.flowStuck(now, now.plus(stuckRetryInterval));
        Log.warnf("phone %s: flow %s is STUCK in %s: no answer from account-service after %d requests since %s;"
                + " asked again every %d s, or at once when the owner repeats it", device.getDeviceId(), flowId,
                device.getState(), device.getFlowAttempts(), device.getFlowRequestedAt(),
                stuckRetryInterval.toSeconds());
        return announce(device, EventTypes.DEVICE_FLOW_STUCK, device.getOwnerAccountId(), null, flowId);
    }

    /** A request's time as the database keeps it (microseconds), so that every copy of the request names it alike. */
    private Instant requestTime() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** The owner repeats a request that got stuck: the same flow, a fresh round of attempts, sent at once. */
    private Uni<String> askAgain(Device device) {
        Instant now = Instant.now(clock);
        device.flowAskedAgain(now, now.plus(flowDeadline), true);
        Log.infof("phone %s: stuck flow %s (%s) asked for again by its owner", device.getDeviceId(),
                device.getPendingFlowId(), device.getState());
        return announceRequest(device).replaceWith(device.getPendingFlowId());
    }

    /** The pending flow's request once more: same type, same flowId, the original request's time. */
    private Uni<Void> announceRequest(Device device) {
        String type = device.getState() == DeviceState.SIGNING_OUT ? EventTypes.DEVICE_SIGN_OUT_REQUESTED
                : EventTypes.DEVICE_DELETION_REQUESTED;
        return announce(device, type, device.getOwnerAccountId(), null, device.getPendingFlowId(),
                device.getFlowRequestedAt());
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

    /** miaccount.flow.duration: from the owner's request to the flow's last step here, by flow. */
    private void flowDone(String flow, Instant requested, Instant now) {
        if (requested != null) {
            registry.timer("miaccount.flow.duration", "flow", flow).record(Duration.between(requested, now));
        }
    }

    private Uni<Void> announce(Device device, String type, String accountId, String sessionId, String flowId) {
        return announce(device, type, accountId, sessionId, flowId, null);
    }

    private Uni<Void> announce(Device device, String type, String accountId, String sessionId, String flowId,
            Instant at) {
        DataChoice choice = device.getPendingDataChoice() != null ? device.getPendingDataChoice()
                : device.getLastDataChoice();
        return outbox.append(new OutgoingEvent(Topics.DEVICE_EVENTS, device.getDeviceId(), type, device.getDeviceId(),
                flowId, new DeviceEvent(device.getDeviceId(), accountId, device.getState().name(), device.getModel(),
                        device.getRomRegion(), device.isFindDevice(), choice == null ? null : choice.name(), sessionId,
                        at != null ? at : Instant.now(clock))))
                .invoke(() -> Log.infof("phone %s: %s (%s)", device.getDeviceId(), type, device.getState()))
                .replaceWithVoid();
    }
}
