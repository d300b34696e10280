package dev.miaccount.account.passwordreset;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/password-resets")
@Tag(name = "Password reset")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PasswordResetResource {

    public record ResetRequest(@Schema(examples = "+8613800138000") @NotBlank(message = "is required")
    @Size(max = 254, message = "is too long") String identifier) {
    }

    public record ResetAccepted(UUID resetId) {
    }

    public record ConfirmRequest(
            @Schema(examples = "123456") @NotNull(message = "is required")
            @Pattern(regexp = "[0-9]{6}", message = "must be the 6 digits of the code") String code,
            @Schema(examples = "a new long passphrase") @NotNull(message = "is required")
            @Size(max = 512, message = "must be 8 to 128 characters") String newPassword) {

        @Override
        public String toString() {
            return "ConfirmRequest[code=******, newPassword=******]";
        }
    }

    private final PasswordResetService service;

    public PasswordResetResource(PasswordResetService service) {
        this.service = service;
    }

    @POST
    @ResponseStatus(202)
    @PerClientLimit("password-reset")
    @ProblemResponse(status = 429, type = "too-many-attempts", when = "within the resend cooldown or past the hourly "
            + "cap (see Retry-After)")
    @Operation(summary = "Forgot password: a code goes by SMS to the account's phone (email if it has none)",
            description = "The same 202 for an identifier that matches no account. 429 with Retry-After within the "
                    + "resend cooldown or past the hourly cap.")
    public Uni<ResetAccepted> request(@Valid @NotNull(message = "a JSON body is required") ResetRequest request) {
        return service.request(request.identifier()).map(ResetAccepted::new);
    }

    @POST
    @Path("/{resetId}/confirm")
    @ResponseStatus(204)
    @PerClientLimit("code-confirm")
    @ProblemResponse(status = 400, type = "invalid-code", when = "a wrong, expired, used or unknown code alike")
    @ProblemResponse(status = 429, type = "too-many-attempts", when = "5 wrong codes for this reset")
    @ProblemResponse(status = 503, type = "unavailable", when = "the code cannot be checked right now")
    @ProblemResponse(status = 503, type = "busy", when = "too many passwords are being hashed at this moment")
    @Operation(summary = "Confirm with the code and a new password; every session of the account is revoked",
            description = "400 invalid-code for a wrong, expired, used or unknown code alike; 429 after 5 wrong codes.")
    public Uni<Void> confirm(@PathParam("resetId") String resetId,
            @Valid @NotNull(message = "a JSON body is required") ConfirmRequest request) {
        return service.confirm(resetId, request.code(), request.newPassword());
    }
}
