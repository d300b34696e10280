package dev.miaccount.notification.alert;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The contact changes whose CONTACT_CHANGED alert went out (table {@code contact_change_alert}). */
@ApplicationScoped
public class AlertedChanges {

    /**
     * Runs inside the caller's transaction.
     *
     * @return true the first time for {@code changeId}, false ever after (a change announced twice)
     */
    public Uni<Boolean> first(String changeId, String accountId, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO contact_change_alert (change_id, account_id, alerted_at) VALUES (:change, :account, :now)
                ON CONFLICT (change_id) DO NOTHING
                """)
                .setParameter("change", changeId)
                .setParameter("account", accountId)
                .setParameter("now", now)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
