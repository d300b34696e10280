package dev.miaccount.notification.code;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class FailedCodeCheckRepository implements PanacheRepositoryBase<FailedCodeCheck, UUID> {

    /**
     * Serialises the code checks of one account until the transaction ends (a transaction-scoped advisory lock),
     * so that parallel checks of its different codes cannot pass the daily cap together.
     */
    public Uni<Void> lockAccount(String accountId) {
        return getSession().flatMap(session -> session.createNativeQuery(
                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) AS locked")
                .setParameter("key", "code-check:" + accountId)
                .getSingleResult())
                .replaceWithVoid();
    }

    /** The account's wrong checks after {@code since}. */
    public Uni<Long> since(String accountId, Instant since) {
        return count("accountId = ?1 and failedAt > ?2", accountId, since);
    }

    /** Records a wrong check and forgets the account's ones from before {@code since}. */
    public Uni<Void> record(String accountId, Instant at, Instant since) {
        return delete("accountId = ?1 and failedAt <= ?2", accountId, since)
                .call(() -> persist(new FailedCodeCheck(accountId, at)))
                .replaceWithVoid();
    }
}
