package dev.miaccount.account.signin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.auth.Caller;
import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/accounts/me/reauth")
@Tag(name = "Accounts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StepUpResource {

    public record ReauthRequest(@NotNull(message = "is required") @Size(max = 128, message = "is too long")
    String password) {

        @Override
        public String toString() {
            return "ReauthRequest[password=******]";
        }
    }

    public record StepUpResponse(String stepUpToken, long expiresIn) {

        @Override
        public String toString() {
            return "StepUpResponse[stepUpToken=******, expiresIn=" + expiresIn + "]";
        }
    }

    private final SignInService signIn;
    private final JsonWebToken token;

    public StepUpResource(SignInService signIn, JsonWebToken token) {
        this.signIn = signIn;
        this.token = token;
    }

    @POST
    @PerClientLimit("reauth")
    @ProblemResponse(status = 401, type = "invalid-credentials", when = "the password is wrong")
    @ProblemResponse(status = 429, type = "too-many-attempts", when = "the account is locked out after failed "
            + "passwords (see Retry-After)")
    @ProblemResponse(status = 503, type = "busy", when = "too many passwords are being checked at this moment")
    @Operation(summary = "Ask the password again: a step-up token (at most 300 s) for a sensitive step",
            description = "device-service wants it to turn Find device off or to sign out a phone with Find device on.")
    public Uni<StepUpResponse> reauthenticate(@Valid @NotNull(message = "a JSON body is required") ReauthRequest request) {
        return signIn.reauthenticate(Caller.of(token), request.password())
                .map(issued -> new StepUpResponse(issued.token(), issued.lifetime().toSeconds()));
    }
}
