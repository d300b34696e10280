package dev.miaccount.account.verification;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * notification-service's internal API: it made the code (of a reset or a contact change), kept its hash, and
 * checks it. Every call carries the
 * service credential ({@code miaccount.internal.token}) that the internal API asks for.
 */
@RegisterRestClient(configKey = "verification-codes")
@Path("/internal/v1/verification-codes")
@ClientHeaderParam(name = "Authorization", value = "{serviceCredential}")
public interface VerificationCodes {

    /** The account of a check that must fail: no account has this id. */
    String NO_ACCOUNT = "0000000000";

    /** {@code purpose}: PASSWORD_RESET or CONTACT_CHANGE — a code made for one never confirms the other. */
    record CheckRequest(String accountId, String code, String purpose) {

        @Override
        public String toString() {
            return "CheckRequest[accountId=" + accountId + ", purpose=" + purpose + "]";
        }
    }

    /** VALID (the code is used up now), INVALID (wrong, expired, used, unknown) or EXHAUSTED (5 wrong tries). */
    record CheckResult(String result) {
    }

    @POST
    @Path("/{id}/check")
    Uni<CheckResult> check(@PathParam("id") String id, CheckRequest request);

    default String serviceCredential() {
        return "Bearer " + ConfigProvider.getConfig().getOptionalValue("miaccount.internal.token", String.class)
                .orElse("");
    }
}
