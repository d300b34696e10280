package dev.miaccount.device.device;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, String> {

    /**
     * Phones whose sign-out or deletion is past its deadline, locked for this transaction; rows another replica (or
     * a consumer) holds are skipped, so replicas sweep side by side without waiting for each other.
     */
    public Uni<List<Device>> lockOverdueFlows(Instant now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("SELECT * FROM device"
                + " WHERE state IN ('SIGNING_OUT', 'DELETING') AND flow_deadline_at <= :now"
                + " ORDER BY flow_deadline_at LIMIT :limit FOR UPDATE SKIP LOCKED", Device.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** My Devices: the phones that belong to the account now. */
    /** Every phone the account owns or last owned, locked for the caller's transaction. */
    public Uni<List<Device>> lockLinkedTo(String accountId) {
        return find("ownerAccountId = ?1 or lastOwnerAccountId = ?1", accountId)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
    }

    public Uni<List<Device>> ownedBy(String accountId) {
        return find("ownerAccountId", Sort.by("boundAt").descending(), accountId).list();
    }
}
