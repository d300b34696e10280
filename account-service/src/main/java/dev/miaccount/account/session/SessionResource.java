package dev.miaccount.account.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.miaccount.account.signin.SignInRequest;
import dev.miaccount.account.signin.SignInService;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.auth.TokenClaims;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/sessions")
@Tag(name = "Sessions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private static final String UUID_PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

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
    @ProblemResponse(status = 401, type = "invalid-credentials", when = "a wrong password and an unknown identifier "
            + "alike")
    @ProblemResponse(status = 429, type = "too-many-attempts", when = "the account (or identifier) is locked out "
            + "after failed passwords (see Retry-After)")
    @ProblemResponse(status = 503, type = "busy", when = "too many passwords are being checked at this moment")
    @Operation(summary = "Sign in with email, phone or account ID; with device, on that phone",
            description = "401 invalid-credentials for a wrong password and an unknown identifier alike; "
                    + "429 too-many-attempts with Retry-After during a lockout.")
    public Uni<SignInResponse> signIn(@Valid @NotNull(message = "a JSON body is required") SignInRequest request) {
        return signIn.signIn(request).map(signedIn -> new SignInResponse(signedIn.accessToken().token(), "Bearer",
                signedIn.accessToken().lifetime().toSeconds(), signedIn.session().getAccountId(),
                signedIn.session().getSessionId()));
    }

    /** One of the account's live sessions, as "Your devices" lists them; {@code current} marks the caller's. */
    public record SessionView(UUID sessionId, String kind, @Schema(nullable = true) String deviceId,
            @Schema(nullable = true) String model, Instant createdAt, @Schema(nullable = true) Instant lastUsedAt,
            boolean current) {

        static SessionView of(Session session, UUID callers) {
            return new SessionView(session.getSessionId(), session.getKind().name(), session.getDeviceId(),
                    session.getDeviceModel(), session.getOpenedAt(), session.getLastUsedAt(),
                    session.getSessionId().equals(callers));
        }
    }

    public record FlowAccepted(String flowId) {
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "The account's live sessions (web and phones), the caller's marked current",
            description = "lastUsedAt is kept to within five minutes.")
    public Uni<List<SessionView>> list() {
        Caller caller = Caller.of(token);
        return sessions.liveOf(caller)
                .map(list -> list.stream().map(session -> SessionView.of(session, caller.sessionId())).toList());
    }

    @DELETE
    @Authenticated
    @ResponseStatus(202)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Sign out everywhere: every session but this one ends (the password again)",
            description = "Needs X-Step-Up-Token (else 403 password-required). 202 with the flowId; phones stay "
                    + "in My Devices; one SIGNED_OUT_EVERYWHERE security alert.")
    public Uni<FlowAccepted> signOutEverywhere(@HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpToken) {
        return sessions.signOutEverywhere(Caller.of(token), stepUpToken).map(FlowAccepted::new);
    }

    @DELETE
    @Path("/{sessionId}")
    @Authenticated
    @ResponseStatus(204)
    @SecurityRequirement(name = "bearer")
    @ProblemResponse(status = 404, type = "not-found", when = "no live session of this account has that id")
    @Operation(summary = "End one session of the account; its token is refused from then on (its phone stays bound)",
            description = "404 for a session of another account.")
    public Uni<Void> revoke(@PathParam("sessionId") @Pattern(regexp = UUID_PATTERN, message = "must be a session id")
    String sessionId) {
        return sessions.revokeOne(Caller.of(token), UUID.fromString(sessionId));
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
