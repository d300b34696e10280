package dev.miaccount.account.session;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.miaccount.account.signin.SignInRequest;
import dev.miaccount.account.signin.SignInService;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.PerClientLimit;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/sessions")
@Tag(name = "Sessions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    public record SignInResponse(String accessToken, String tokenType, long expiresIn, String accountId,
            UUID sessionId) {

        @Override
        public String toString() {
            return "SignInResponse[accessToken=******, accountId=" + accountId + ", sessionId=" + sessionId + "]";
        }
    }

    private final SignInService signIn;
    private final SessionService sessions;
    private final JsonWebToken token;

    public SessionResource(SignInService signIn, SessionService sessions, JsonWebToken token) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.token = token;
    }

    @POST
    @PerClientLimit("sign-in")
    @Operation(summary = "Sign in with email, phone or account ID; with device, on that phone",
            description = "401 invalid-credentials for a wrong password and an unknown identifier alike; "
                    + "429 too-many-attempts with Retry-After during a lockout.")
    public Uni<SignInResponse> signIn(@Valid @NotNull(message = "a JSON body is required") SignInRequest request) {
        return signIn.signIn(request).map(signedIn -> new SignInResponse(signedIn.accessToken().token(), "Bearer",
                signedIn.accessToken().lifetime().toSeconds(), signedIn.session().getAccountId(),
                signedIn.session().getSessionId()));
    }

    @DELETE
    @Path("/current")
    @Authenticated
    @ResponseStatus(204)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Sign out this session; its token is refused from then on")
    public Uni<Void> signOut() {
        return sessions.revokeCurrent(Caller.of(token));
    }
}
