package dev.miaccount.notification.contact;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/**
 * account-service's internal API: the data key that opens an account's personal data in its events (404 once the
 * account is erased). Every call carries the service credential ({@code miaccount.internal.token}).
 */
@RegisterRestClient(configKey = "account-data-keys")
@Path("/internal/v1/accounts")
@ClientHeaderParam(name = "Authorization", value = "{serviceCredential}")
public interface AccountDataKeys {

    /** {@code key}: base64. */
    record DataKey(String accountId, String key) {
        @Override
        public String toString() {
            return "DataKey[" + accountId + "]";
        }
    }

    @GET
    @Path("/{accountId}/data-key")
    Uni<DataKey> get(@PathParam("accountId") String accountId);

    /**
     * What this service presents to account-service: {@code miaccount.account-internal.token} when set (a
     * deployment that gives each internal API its own credential), else the shared {@code miaccount.internal.token}.
     */
    default String serviceCredential() {
        var config = ConfigProvider.getConfig();
        return "Bearer " + config.getOptionalValue("miaccount.account-internal.token", String.class)
                .or(() -> config.getOptionalValue("miaccount.internal.token", String.class)).orElse("");
    }
}
