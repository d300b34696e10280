package dev.miaccount.account.account;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.account.contactchange.ContactChangeService;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.TokenClaims;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/accounts/me")
@Tag(name = "Accounts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    public record ContactChangeAccepted(UUID changeId) {
    }

    private final ProfileService profiles;
    private final ContactChangeService contactChanges;
    private final JsonWebToken token;

    public ProfileResource(ProfileService profiles, ContactChangeService contactChanges, JsonWebToken token) {
        this.profiles = profiles;
        this.contactChanges = contactChanges;
        this.token = token;
    }

    @GET
    @Operation(summary = "The signed-in account's profile")
    public Uni<AccountView> get() {
        return profiles.get(Caller.of(token)).map(AccountView::of);
    }

    @PATCH
    @Operation(summary = "Change the display name (200), or the email or phone (202: a code goes to the new address)",
            description = "A new email or phone needs the password again (header X-Step-Up-Token, else 403 "
                    + "password-required) and is confirmed at /accounts/me/contact-changes/{changeId}/confirm. "
                    + "409 conflict when another account holds it.")
    @APIResponse(responseCode = "200", description = "Only the display name changed",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "202", description = "A code went to the new address",
            content = @Content(schema = @Schema(implementation = ContactChangeAccepted.class)))
    @ProblemResponse(status = 409, type = "conflict", when = "another account holds the new email or phone")
    public Uni<Response> update(@HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpToken,
            @Valid @NotNull(message = "a JSON body is required") UpdateProfileRequest request) {
        Caller caller = Caller.of(token);
        if (request.email() == null && request.phone() == null) {
            return profiles.rename(caller, request.displayName())
                    .map(account -> Response.ok(AccountView.of(account)).build());
        }
        return contactChanges.request(caller, stepUpToken, request).map(outcome -> outcome.changeId() == null
                ? Response.ok(AccountView.of(outcome.account())).build()
                : Response.accepted(new ContactChangeAccepted(outcome.changeId())).build());
    }
}
