package dev.miaccount.account.deletion;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
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
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.miaccount.auth.Caller;
import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.auth.TokenClaims;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Deleting the account itself (API.md v1.2): the password again, then a code, then the erasure flow. */
@Path("/api/v1/accounts/me/deletion")
@Tag(name = "Accounts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountDeletionResource {

    public record DeletionRequested(String deletionId) {
    }

    public record DeletionStarted(String flowId) {
    }

    public record ConfirmRequest(@Schema(examples = "123456") @NotNull(message = "is required")
    @Pattern(regexp = "[0-9]{6}", message = "must be the 6 digits of the code") String code) {

        @Override
        public String toString() {
            return "ConfirmRequest[code=******]";
        }
    }

    private final AccountDeletionService deletions;
    private final JsonWebToken token;

    public AccountDeletionResource(AccountDeletionService deletions, JsonWebToken token) {
        this.deletions = deletions;
        this.token = token;
    }

    @POST
    @ResponseStatus(202)
    @Operation(summary = "Ask to delete the account (the password again)",
            description = "Needs X-Step-Up-Token (else 403 password-required). 202 with the deletionId; a 6-digit "
                    + "code goes to the account's phone, else its email. Asking again replaces the earlier request.")
    public Uni<DeletionRequested> request(@HeaderParam(TokenClaims.STEP_UP_HEADER) String stepUpToken) {
        return deletions.request(Caller.of(token), stepUpToken)
                .map(deletionId -> new DeletionRequested(deletionId.toString()));
    }

    @POST
    @Path("/{deletionId}/confirm")
    @ResponseStatus(202)
    @PerClientLimit("code-confirm")
    @Operation(summary = "Confirm the deletion with the code: the account's erasure starts",
            description = "202 with the flowId. Every phone of the account is removed (LOCKED ones too), every "
                    + "session revoked, an ACCOUNT_DELETED notice sent, then every service erases the account's "
                    + "personal data. 400 invalid-code for a wrong, expired, used or unknown code alike; 429 after 5 "
                    + "wrong.")
    @ProblemResponse(status = 400, type = "invalid-code", when = "the code is wrong, expired or used, or the "
            + "deletionId is unknown, superseded or another account's")
    @ProblemResponse(status = 429, type = "too-many-attempts", when = "5 wrong codes: ask for a new one")
    @ProblemResponse(status = 503, type = "unavailable", when = "the code cannot be checked right now")
    public Uni<DeletionStarted> confirm(@PathParam("deletionId") String deletionId,
            @Valid @NotNull(message = "a JSON body is required") ConfirmRequest request) {
        return deletions.confirm(Caller.of(token), deletionId, request.code()).map(DeletionStarted::new);
    }
}
