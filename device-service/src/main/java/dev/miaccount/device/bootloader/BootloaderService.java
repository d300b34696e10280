package dev.miaccount.device.bootloader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.device.device.Device;
import dev.miaccount.device.device.DeviceRepository;
import dev.miaccount.device.device.DeviceState;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.StepUpTokens;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Bootloader-unlock eligibility, as Xiaomi's: the owner may unlock once the phone has been bound to its account
 * for the waiting period; binding the phone anew starts the wait again.
 */
@ApplicationScoped
public class BootloaderService {

    private final DeviceRepository devices;
    private final BootloaderGrantRepository grants;
    private final StepUpTokens stepUp;
    private final Clock clock;
    private final Duration waitPeriod;

    public BootloaderService(DeviceRepository devices, BootloaderGrantRepository grants, StepUpTokens stepUp,
            Clock clock, @ConfigProperty(name = "miaccount.bootloader.wait-period") Duration waitPeriod) {
        this.devices = devices;
        this.grants = grants;
        this.stepUp = stepUp;
        this.clock = clock;
        this.waitPeriod = waitPeriod;
    }

    /** The password again first (a step-up token, used up here), then the state and the waiting period. */
    @WithTransaction
    public Uni<BootloaderGrant> unlock(Caller caller, String deviceId, String stepUpToken) {
        return devices.findById(deviceId).call(device -> {
            if (device == null || !device.ownedBy(caller.accountId())) {
                throw ProblemException.notFound("no phone " + deviceId + " in your devices");
            }
            return stepUp.consume(stepUpToken, caller);
        }).flatMap(device -> {
            if (device.getState() != DeviceState.BOUND) {
                throw ProblemException.conflict("the phone is " + device.getState() + "; it must be BOUND");
            }
            Instant now = Instant.now(clock);
            Duration remaining = Duration.between(now, device.getBoundAt().plus(waitPeriod));
            if (!remaining.isNegative() && !remaining.isZero()) {
                throw waitPeriod(device, remaining);
            }
            return grants.persist(new BootloaderGrant(deviceId, caller.accountId(), now))
                    .invoke(grant -> Log.infof("bootloader unlock granted for phone %s", deviceId));
        });
    }

    private static ProblemException waitPeriod(Device device, Duration remaining) {
        long seconds = Math.max(1, (remaining.toMillis() + 999) / 1000);
        return new ProblemException(409, "wait-period", "Waiting period",
                "the phone must stay bound to this account " + seconds + " s more before its bootloader can be"
                        + " unlocked", null, Map.of("remainingSeconds", seconds), null);
    }
}
