package dev.miaccount.notification.sandbox;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SandboxMessageRepository implements PanacheRepositoryBase<SandboxMessage, java.util.UUID> {

    /** The messages to one recipient, newest first: there is no listing of everyone's. */
    public Uni<List<SandboxMessage>> newestFirst(String recipient, int limit) {
        return find("recipient", Sort.descending("createdAt"), recipient).page(Page.ofSize(limit)).list();
    }
}
