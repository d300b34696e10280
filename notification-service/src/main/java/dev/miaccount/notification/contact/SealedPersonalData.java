package dev.miaccount.notification.contact;

import java.io.IOException;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.PersonalData;
import dev.miaccount.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;

/**
 * Opens the personal part of account-service's events with the account's data key, asked of account-service each
 * time (nothing is cached here, so an erased account's key is gone for good). An erased account has no key: its
 * events open to nothing (null), which is what makes a replay after the erasure restore nothing.
 */
@ApplicationScoped
public class SealedPersonalData {

    private final AccountDataKeys keys;
    private final ObjectMapper json;

    public SealedPersonalData(@RestClient AccountDataKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /**
     * @return what was sealed; null when the account has no key any more (erased)
     * @throws PoisonEventException (as the Uni's failure) when {@code sealed} does not open with the account's key
     */
    public <T> Uni<T> open(String accountId, String sealed, Class<T> type) {
        return key(accountId).map(key -> key == null ? null : read(opened(key, accountId, sealed), type, accountId));
    }

    /**
     * Whether the account is erased (or was never made): account-service holds no data key for it. A failing
     * account-service fails the Uni (transient: the consumer waits for it).
     */
    public Uni<Boolean> erased(String accountId) {
        return key(accountId).map(key -> key == null);
    }

    /** The account's data key; null when it has none (404). */
    private Uni<byte[]> key(String accountId) {
        return keys.get(accountId)
                .map(key -> key == null ? null : Base64.getDecoder().decode(key.key()))
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    if (status == 404) {
                        return Uni.createFrom().nullItem();
                    }
                    // account-service misconfigured or failing: wait for it, as for a database away
                    return Uni.createFrom().failure(new IllegalStateException("account-service's data keys answered "
                            + status, new IOException("HTTP " + status)));
                });
    }

    private static String opened(byte[] key, String accountId, String sealed) {
        try {
            return PersonalData.open(key, accountId, sealed);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("personal data of account " + accountId + ": " + e.getMessage());
        }
    }

    private <T> T read(String opened, Class<T> type, String accountId) {
        try {
            return json.readValue(opened, type);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("personal data of account " + accountId + " is not a " + type.getSimpleName());
        }
    }
}
