package dev.miaccount.account.personaldata;

import java.util.Base64;

import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.auth.internal.InternalApi;
import dev.miaccount.problem.ProblemException;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.smallrye.mutiny.Uni;

/**
 * For notification-service only (the service credential, on the internal port): the key that opens an account's
 * personal data in its events. An erased account has none: 404, and its events stay sealed for good.
 */
@Path("/internal/v1/accounts/{accountId}/data-key")
@InternalApi
@Tag(name = "Internal")
@Produces(MediaType.APPLICATION_JSON)
public class DataKeyResource {

    /** The key, base64. */
    public record DataKey(String accountId, String key) {
        @Override
        public String toString() {
            return "DataKey[" + accountId + "]";
        }
    }

    private final PersonalDataKeys keys;

    public DataKeyResource(PersonalDataKeys keys) {
        this.keys = keys;
    }

    @GET
    @Operation(summary = "An account's data key (internal)", description = "404 once the account is erased.")
    @ProblemResponse(status = 401, type = "unauthorized", when = "the service credential is missing or wrong")
    @ProblemResponse(status = 404, type = "not-found", when = "no such account, or it is erased")
    public Uni<DataKey> get(@PathParam("accountId") @Pattern(regexp = "[0-9]{10}",
            message = "an account id has 10 digits") String accountId) {
        return keys.keyOf(accountId).map(key -> {
            if (key == null) {
                throw ProblemException.notFound("account " + accountId + " has no data key");
            }
            return new DataKey(accountId, Base64.getEncoder().encodeToString(key));
        });
    }
}
