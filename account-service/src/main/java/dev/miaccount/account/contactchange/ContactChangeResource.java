package dev.miaccount.account.contactchange;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.account.account.AccountView;
import dev.miaccount.auth.Caller;
import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/accounts/me/contact-changes")
@Tag(name = "Accounts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ContactChangeResource {

    public record ConfirmRequest(@Schema(examples = "123456") @NotNull(message = "is required")
    @Pattern(regexp = "[0-9]{6}", message = "must be the 6 digits of the code") String code) {

        @Override
        public String toString() {
            return "ConfirmRequest[code=******]";
        }
    }

    private final ContactChangeService changes;
    private final JsonWebToken token;

    public ContactChangeResource(ContactChangeService changes, JsonWebToken token) {
        this.changes = changes;
        this.token = token;
    }

    @POST
    @Path("/{changeId}/confirm")
    @PerClientLimit("code-confirm")
    @ProblemResponse(status = 400, type = "invalid-code", when = "a wrong, expired, used or unknown code alike")
    @ProblemResponse(status = 409, type = "conflict", when = "another account took the address meanwhile")
    @ProblemResponse(status = 429, type = "too-many-attempts", when = "5 wrong codes for this change")
    @ProblemResponse(status = 503, type = "unavailable", when = "the code cannot be checked right now")
    @Operation(summary = "Confirm a new email or phone with the code sent to it",
            description = "200 with the profile now at the new address; the old address gets a CONTACT_CHANGED "
                    + "alert. 400 invalid-code for a wrong, expired, used or unknown code alike; 429 after 5 wrong.")
    public Uni<AccountView> confirm(@PathParam("changeId") String changeId,
            @Valid @NotNull(message = "a JSON body is required") ConfirmRequest request) {
        return changes.confirm(Caller.of(token), changeId, request.code()).map(AccountView::of);
    }
}
