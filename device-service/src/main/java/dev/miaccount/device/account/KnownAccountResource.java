package dev.miaccount.device.account;

import java.time.Instant;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Operators' view of what device-service has learnt of an account from account-service's events. */
@Path("/api/v1/known-accounts")
@Tag(name = "Operations")
@Produces(MediaType.APPLICATION_JSON)
public class KnownAccountResource {

    public record KnownAccountView(String accountId, Instant registeredAt, Instant knownSince) {
    }

    private final KnownAccountService service;

    public KnownAccountResource(KnownAccountService service) {
        this.service = service;
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "Whether device-service knows an account (it consumed account.registered.v1)")
    public Uni<KnownAccountView> get(@PathParam("accountId") String accountId) {
        if (!accountId.matches("[0-9]{10}")) {
            return Uni.createFrom().failure(ProblemException.validation("accountId", "must be 10 digits"));
        }
        return service.find(accountId).map(account -> {
            if (account == null) {
                throw ProblemException.notFound("no account " + accountId + " is known here");
            }
            return new KnownAccountView(account.getAccountId(), account.getRegisteredAt(), account.getKnownSince());
        });
    }
}
