package dev.miaccount.device.device;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.miaccount.device.bootloader.BootloaderService;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.TokenClaims;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/devices")
@Tag(name = "Devices")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    static final String DEVICE_ID = "[A-Za-z0-9._-]{1,64}";
    static final String DEVICE_ID_MESSAGE = "must be 1-64 characters of A-Z a-z 0-9 . _ -";

    public record FindDeviceRequest(@NotNull(message = "is required") Boolean enabled, String stepUpToken) {
    }

    public record SignOutRequest(@NotNull(message = "is required, KEEP or REMOVE") DataChoice dataChoice,
            String stepUpToken) {
    }

    public record FlowAccepted(String flowId) {
    }

    public record BootloaderUnlocked(String deviceId, Instant grantedAt) {
    }

    private final DeviceService service;
    private final MyDevices myDevices;
    private final BootloaderService bootloader;
    private final JsonWebToken token;

    public DeviceResource(DeviceService service, MyDevices myDevices, BootloaderService bootloader,
            JsonWebToken token) {
        this.service = service;
        this.myDevices = myDevices;
        this.bootloader = bootloader;
        this.token = token;
    }

    @GET
    @Operation(summary = "My Devices: the phones that belong to the caller's account")
    public Uni<List<DeviceView>> myDevices() {
        return myDevices.of(Caller.of(token));
    }

    @GET
    @Path("/{deviceId}")
    @Operation(summary = "One phone, for its owner or its last owner; 404 for anyone else")
    @ProblemResponse(status = 404, type = "not-found", when = "the phone is not, and was not last, this account's")
    public Uni<DeviceView> get(@PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE)
    String deviceId) {
        return service.get(Caller.of(token), deviceId).map(DeviceView::of);
    }

    @PUT
    @Path("/{deviceId}/find-device")
    @Operation(summary = "Turn Find device on, or off with a step-up token (403 password-required without)",
            description = "The step-up token goes in the X-Step-Up-Token header or the body's stepUpToken.")
    @ProblemResponse(status = 404, type = "not-found", when = "the phone is not this account's")
    public Uni<DeviceView> findDevice(
            @PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE) String deviceId,
            @HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpHeader,
            @Valid @NotNull(message = "a JSON body is required") FindDeviceRequest request) {
        return service.setFindDevice(Caller.of(token), deviceId, request.enabled(),
                either(stepUpHeader, request.stepUpToken()))
                .map(DeviceView::of);
    }

    @DELETE
    @Path("/{deviceId}")
    @ResponseStatus(202)
    @Operation(summary = "Delete device (website, any session of the owner); repeating it is harmless",
            description = "DELETING until account-service has revoked the phone's sessions, then DELETED with the "
                    + "activation lock lifted. A LOCKED phone, or one bound with Find device on, needs the password "
                    + "again (X-Step-Up-Token, else 403 password-required). 404 for anyone but the owner.")
    @ProblemResponse(status = 404, type = "not-found", when = "the phone is not this account's")
    @ProblemResponse(status = 409, type = "conflict", when = "the phone is signing out, or neither BOUND nor LOCKED")
    public Uni<FlowAccepted> delete(
            @PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE) String deviceId,
            @HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpToken) {
        return service.delete(Caller.of(token), deviceId, stepUpToken).map(FlowAccepted::new);
    }

    @POST
    @Path("/{deviceId}/factory-reset")
    @ResponseStatus(202)
    @Operation(summary = "The phone reports a factory reset (its own session)",
            description = "LOCKED when it was bound with Find device on (an alert goes out), else SIGNED_OUT; the "
                    + "phone's sessions are revoked either way.")
    @ProblemResponse(status = 403, type = "device-session-required", when = "not the phone's own session")
    @ProblemResponse(status = 404, type = "not-found", when = "the phone is not, and was not last, this account's")
    @ProblemResponse(status = 409, type = "conflict", when = "the phone is not BOUND")
    public Uni<FlowAccepted> factoryReset(
            @PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE) String deviceId) {
        return service.factoryReset(Caller.of(token), deviceId).map(FlowAccepted::new);
    }

    @POST
    @Path("/{deviceId}/activation")
    @Operation(summary = "The owner activates its LOCKED phone again, with the password again (X-Step-Up-Token)",
            description = "403 not-owner for any other account; 403 password-required without a valid step-up "
                    + "token; 409 conflict when not LOCKED.")
    @ProblemResponse(status = 403, type = "not-owner", when = "the phone is another account's")
    @ProblemResponse(status = 404, type = "not-found", when = "no such phone")
    @ProblemResponse(status = 409, type = "conflict", when = "the phone is not LOCKED")
    public Uni<DeviceView> activate(
            @PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE) String deviceId,
            @HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpToken) {
        return service.activate(Caller.of(token), deviceId, stepUpToken).map(DeviceView::of);
    }

    @POST
    @Path("/{deviceId}/bootloader-unlock")
    @Operation(summary = "Bootloader unlock, once the phone has been bound for the waiting period",
            description = "Needs the password again (X-Step-Up-Token, checked before the waiting period; else 403 "
                    + "password-required). 409 wait-period with remainingSeconds before that; 409 conflict when not "
                    + "BOUND.")
    @ProblemResponse(status = 404, type = "not-found", when = "the phone is not this account's")
    @ProblemResponse(status = 409, type = "conflict", when = "the phone is not BOUND")
    @ProblemResponse(status = 409, type = "wait-period", when = "bound for less than the waiting period "
            + "(remainingSeconds)")
    public Uni<BootloaderUnlocked> bootloaderUnlock(
            @PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE) String deviceId,
            @HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpToken) {
        return bootloader.unlock(Caller.of(token), deviceId, stepUpToken)
                .map(grant -> new BootloaderUnlocked(grant.getDeviceId(), grant.getGrantedAt()));
    }

    @POST
    @Path("/{deviceId}/sign-out")
    @ResponseStatus(202)
    @Operation(summary = "Sign out on the phone (its own session only), keeping or removing synced data",
            description = "With Find device on a step-up token is required. 202 with the flowId; the phone reads "
                    + "SIGNED_OUT once account-service has revoked its sessions.")
    @ProblemResponse(status = 403, type = "device-session-required", when = "not the phone's own session")
    @ProblemResponse(status = 404, type = "not-found", when = "the phone is not this account's")
    @ProblemResponse(status = 409, type = "conflict", when = "the phone is not BOUND")
    public Uni<FlowAccepted> signOut(
            @PathParam("deviceId") @Pattern(regexp = DEVICE_ID, message = DEVICE_ID_MESSAGE) String deviceId,
            @HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpHeader,
            @Valid @NotNull(message = "a JSON body is required") SignOutRequest request) {
        return service.signOut(Caller.of(token), deviceId, request.dataChoice(),
                either(stepUpHeader, request.stepUpToken()))
                .map(FlowAccepted::new);
    }

    /** Sign-out and find-device take the step-up token in the header (v1.1) or, as in v1, in the body. */
    private static String either(String header, String body) {
        return header != null && !header.isBlank() ? header : body;
    }
}
