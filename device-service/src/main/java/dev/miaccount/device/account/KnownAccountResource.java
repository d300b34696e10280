package dev.miaccount.device.account;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.auth.Caller;
import dev.miaccount.problem.ProblemException;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Whether device-service has learnt of an account from account-service's events — for the account itself only:
 * anyone else gets the 404 of an unknown account, so the view tells nobody which accounts exist.
 */
@Path("/api/v1/known-accounts")
@Tag(name = "Operations")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class KnownAccountResource {

    public record KnownAccountView(String accountId, Instant registeredAt, Instant knownSince) {
    }

    private final KnownAccountService service;
    private final JsonWebToken token;

    public KnownAccountResource(KnownAccountService service, JsonWebToken token) {
        this.service = service;
        this.token = token;
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "Whether device-service knows the caller's account (it consumed account.registered.v1)")
    @ProblemResponse(status = 404, type = "not-found", when = "not yet known here, or another account")
    public Uni<KnownAccountView> get(@PathParam("accountId") String accountId) {
        if (!accountId.matches("[0-9]{10}")) {
            return Uni.createFrom().failure(ProblemException.validation("accountId", "must be 10 digits"));
        }
        if (!accountId.equals(Caller.of(token).accountId())) {
            return Uni.createFrom().failure(ProblemException.notFound("no account " + accountId + " is known here"));
        }
        return service.find(accountId).map(account -> {
            if (account == null) {
                throw ProblemException.notFound("no account " + accountId + " is known here");
            }
            return new KnownAccountView(account.getAccountId(), account.getRegisteredAt(), account.getKnownSince());
        });
    }
}
