package dev.miaccount.account.personaldata;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.PersonalData;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The accounts' data keys (crypto-shredding, see {@link PersonalData}): one per account, made with it, used to seal
 * the personal part of its events, handed to notification-service through the internal API, destroyed by the
 * account's erasure.
 */
@ApplicationScoped
public class PersonalDataKeys {

    private final PersonalDataKeyRepository keys;
    private final ObjectMapper json;
    private final Clock clock;

    public PersonalDataKeys(PersonalDataKeyRepository keys, ObjectMapper json, Clock clock) {
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /** A new account's key, inside the caller's transaction (the registration's). */
    public Uni<Void> create(String accountId) {
        return keys.persist(new PersonalDataKey(accountId, PersonalData.newKey(), Instant.now(clock)))
                .replaceWithVoid();
    }

    /**
     * {@code personal} as JSON, sealed under the account's key, inside the caller's transaction.
     *
     * @throws IllegalStateException (as the Uni's failure) when the account has no key: it is erased
     */
    public Uni<String> seal(String accountId, Object personal) {
        return keys.findById(accountId).map(key -> {
            if (key == null) {
                throw new IllegalStateException("account " + accountId + " has no data key");
            }
            try {
                return PersonalData.seal(key.getDataKey(), accountId, json.writeValueAsString(personal));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("personal data of account " + accountId + " is not JSON", e);
            }
        });
    }

    /** The account's key; null once the account is erased (or for an id that never was one). */
    @WithSession
    public Uni<byte[]> keyOf(String accountId) {
        return keys.findById(accountId).map(key -> key == null ? null : key.getDataKey());
    }

    /** Destroys the account's key, inside the caller's transaction: what was sealed under it is unreadable. */
    public Uni<Void> destroy(String accountId) {
        return keys.deleteById(accountId).replaceWithVoid();
    }
}
