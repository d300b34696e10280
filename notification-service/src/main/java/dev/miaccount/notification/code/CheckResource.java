package dev.miaccount.notification.code;

import jakarta.validation.Valid;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.auth.internal.InternalApi;
import dev.miaccount.auth.internal.ServiceCredential;
import io.smallrye.mutiny.Uni;
import dev.miaccount.problem.openapi.ProblemResponse;

/**
 * For account-service only: is this the code of that reset or contact change? Needs the service credential
 * ({@link ServiceCredential}); even so, {@code /internal/*} should not be reachable from outside the services'
 * network.
 */
@Path("/internal/v1/verification-codes/{id}/check")
@InternalApi
@Tag(name = "Internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CheckResource {

    /**
     * Any string is a code; only the right six digits are VALID. {@code purpose} (optional) must then match the
     * code's: a reset's code never confirms a contact change, nor the other way round.
     */
    public record CheckRequest(
            @NotNull(message = "is required") @Pattern(regexp = "[0-9]{10}", message = "must be 10 digits")
            String accountId,
            @NotNull(message = "is required") @Size(max = 64, message = "must be at most 64 characters")
            String code,
            CodePurpose purpose) {

        /** The code is a secret: never printed. */
        @Override
        public String toString() {
            return "CheckRequest[accountId=" + accountId + ", purpose=" + purpose + "]";
        }
    }

    public record CheckAnswer(CheckResult result) {
    }

    private final CodeService codes;

    public CheckResource(CodeService codes) {
        this.codes = codes;
    }

    @POST
    @Operation(summary = "Check the code of a password reset (id = resetId) or contact change (id = changeId):"
            + " VALID (now used), INVALID or EXHAUSTED")
    @ProblemResponse(status = 401, type = "unauthorized", when = "without the service credential")
    @ProblemResponse(status = 404, type = "not-found", when = "on the public port: the internal API listens only on "
            + "its own")
    public Uni<CheckAnswer> check(@PathParam("id") String id, @Valid @NotNull(message = "is required")
    CheckRequest request) {
        return codes.check(id, request.accountId(), request.code(), request.purpose()).map(CheckAnswer::new);
    }
}
