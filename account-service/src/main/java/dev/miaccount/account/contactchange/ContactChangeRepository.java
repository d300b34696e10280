package dev.miaccount.account.contactchange;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ContactChangeRepository implements PanacheRepositoryBase<ContactChange, UUID> {

    public Uni<List<ContactChange>> pendingOf(String accountId) {
        return list("accountId = ?1 and state = ?2", accountId, ContactChange.State.PENDING);
    }
}
