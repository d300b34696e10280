package dev.miaccount.notification.sandbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SandboxMessageRepository implements PanacheRepositoryBase<SandboxMessage, java.util.UUID> {

    public Uni<List<SandboxMessage>> newestFirst(String recipient, int limit) {
        Sort newest = Sort.descending("createdAt");
        return (recipient == null ? findAll(newest) : find("recipient", newest, recipient))
                .page(Page.ofSize(limit)).list();
    }
}
