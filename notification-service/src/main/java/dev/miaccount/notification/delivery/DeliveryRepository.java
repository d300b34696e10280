package dev.miaccount.notification.delivery;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    public Uni<List<Delivery>> newestFirst(String accountId, int limit) {
        return find("accountId", Sort.descending("createdAt").and("id"), accountId).page(Page.ofSize(limit)).list();
    }
}
