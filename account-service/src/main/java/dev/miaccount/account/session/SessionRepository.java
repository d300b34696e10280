package dev.miaccount.account.session;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {

    /** The sessions of one phone on one account that are not revoked yet, oldest first (index session_active_by_device). */
    public Uni<List<Session>> activeOnDevice(String accountId, String deviceId) {
        return list("deviceId = ?1 and accountId = ?2 and revokedAt is null", Sort.ascending("openedAt"),
                deviceId, accountId);
    }

    /** Every session of the account that is not revoked yet (index session_active_by_account). */
    public Uni<List<Session>> activeOf(String accountId) {
        return list("accountId = ?1 and revokedAt is null", Sort.ascending("openedAt"), accountId);
    }
}
