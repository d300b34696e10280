package dev.miaccount.notification.alert;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ParkedAlertRepository implements PanacheRepositoryBase<ParkedAlert, UUID> {

    /**
     * Serialises, until the transaction ends (a transaction-scoped advisory lock), parking an alert for the account
     * and learning its contact or erasing it: either the alert sees the committed contact, or the transaction that
     * learns it sees the committed parked alert. Without it both could miss each other under READ COMMITTED.
     */
    public Uni<Void> lockAccount(String accountId) {
        return getSession().flatMap(session -> session.createNativeQuery(
                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) AS locked")
                .setParameter("key", "parked-alert:" + accountId)
                .getSingleResult())
                .replaceWithVoid();
    }

    /** The account's parked alerts, oldest first, locked (one the expiry job holds is waited for). */
    public Uni<List<ParkedAlert>> ofAccount(String accountId) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM parked_alert WHERE account_id = :account ORDER BY parked_at, id FOR UPDATE
                """, ParkedAlert.class)
                .setParameter("account", accountId)
                .getResultList());
    }

    /**
     * At most {@code limit} alerts parked until {@code now} or earlier, locked; rows another transaction holds (a
     * contact being learnt, another replica's job) are skipped.
     */
    public Uni<List<ParkedAlert>> expired(Instant now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM parked_alert WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit
                FOR UPDATE SKIP LOCKED
                """, ParkedAlert.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }
}
