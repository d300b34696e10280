package dev.miaccount.device.device;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.auth.Caller;
import dev.miaccount.messaging.changes.DatabaseChanges;
import dev.miaccount.messaging.changes.NotifiedCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * My Devices, the page every signed-in browser keeps asking for: each account's list is kept in memory until a
 * transaction changes one of its phones (the {@code device_changed} trigger tells every replica at the commit).
 */
@ApplicationScoped
public class MyDevices {

    static final String CHANGES_CHANNEL = "device_changed";

    private final DeviceRepository devices;
    private final NotifiedCache<String, List<DeviceView>> byAccount;

    public MyDevices(DeviceRepository devices, DatabaseChanges changes,
            @ConfigProperty(name = "miaccount.views.max-age") Duration maxAge,
            @ConfigProperty(name = "miaccount.views.max-entries") int maxEntries) {
        this.devices = devices;
        // The payload is the account id, as the column holds it.
        this.byAccount = new NotifiedCache<>(payload -> payload, maxAge, maxEntries);
        changes.listen(CHANGES_CHANNEL, byAccount);
    }

    /** The phones that belong to the caller's account, the last bound first. */
    public Uni<List<DeviceView>> of(Caller caller) {
        String accountId = caller.accountId();
        List<DeviceView> cached = byAccount.get(accountId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        long ticket = byAccount.ticket();
        return Panache.withSession(() -> devices.ownedBy(accountId)).map(owned -> {
            List<DeviceView> views = owned.stream().map(DeviceView::of).toList();
            byAccount.put(accountId, views, ticket);
            return views;
        });
    }
}
