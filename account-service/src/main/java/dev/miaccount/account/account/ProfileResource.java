package dev.miaccount.account.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.account.session.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/accounts/me")
@Tag(name = "Accounts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {

    private final ProfileService profiles;
    private final JsonWebToken token;

    public ProfileResource(ProfileService profiles, JsonWebToken token) {
        this.profiles = profiles;
        this.token = token;
    }

    @GET
    @Operation(summary = "The signed-in account's profile")
    public Uni<AccountView> get() {
        return profiles.get(Caller.of(token)).map(AccountView::of);
    }

    @PATCH
    @Operation(summary = "Change display name, email or phone", description = "409 conflict when taken. "
            + "Emits account.profile-updated.v1.")
    public Uni<AccountView> update(@Valid @NotNull(message = "a JSON body is required") UpdateProfileRequest request) {
        return profiles.update(Caller.of(token), request).map(AccountView::of);
    }
}
