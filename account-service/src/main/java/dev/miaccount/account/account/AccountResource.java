package dev.miaccount.account.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/accounts")
@Tag(name = "Accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService service;

    public AccountResource(AccountService service) {
        this.service = service;
    }

    @POST
    @PerClientLimit("register")
    @ResponseStatus(201)
    @Operation(summary = "Register an account", description = "Email or phone is required. Emits account.registered.v1.")
    @ProblemResponse(status = 409, type = "conflict", when = "the email or phone belongs to another account")
    @ProblemResponse(status = 503, type = "busy", when = "too many passwords are being hashed at this moment")
    public Uni<AccountView> register(@Valid @NotNull(message = "a JSON body is required") RegisterRequest request) {
        return service.register(request).map(AccountView::of);
    }
}
