package dev.miaccount.device.device;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, String> {

    /** My Devices: the phones that belong to the account now. */
    public Uni<List<Device>> ownedBy(String accountId) {
        return find("ownerAccountId", Sort.by("boundAt").descending(), accountId).list();
    }
}
