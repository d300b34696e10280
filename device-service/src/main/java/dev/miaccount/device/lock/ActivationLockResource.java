package dev.miaccount.device.lock;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.device.device.DeviceService;
import io.smallrye.mutiny.Uni;

/** The buyer's check before paying for a used phone: it tells only whether the phone is activation-locked. */
@Path("/api/v1/devices/{deviceId}/activation-lock")
@Tag(name = "Devices")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class ActivationLockResource {

    public record LockStatus(String deviceId, boolean locked) {
    }

    private final DeviceService devices;

    public ActivationLockResource(DeviceService devices) {
        this.devices = devices;
    }

    @GET
    @PerClientLimit("lock-check")
    @Operation(summary = "Whether a reset would ask for the owner's password (public; an unknown phone is not locked)")
    public Uni<LockStatus> check(@PathParam("deviceId")
    @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 . _ -") String deviceId) {
        return devices.activationLocked(deviceId).map(locked -> new LockStatus(deviceId, locked));
    }
}
