package dev.miaccount.account.passwordreset;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** notification-service's internal API: it made the code, kept its hash, and checks it. */
@RegisterRestClient(configKey = "verification-codes")
@Path("/internal/v1/verification-codes")
public interface VerificationCodes {

    record CheckRequest(String accountId, String code) {
    }

    /** VALID (the code is used up now), INVALID (wrong, expired, used, unknown) or EXHAUSTED (5 wrong tries). */
    record CheckResult(String result) {
    }

    @POST
    @Path("/{resetId}/check")
    Uni<CheckResult> check(@PathParam("resetId") String resetId, CheckRequest request);
}
