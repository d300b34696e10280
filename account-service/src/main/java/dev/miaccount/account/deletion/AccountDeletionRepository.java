package dev.miaccount.account.deletion;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountDeletionRepository implements PanacheRepositoryBase<AccountDeletion, UUID> {

    Uni<List<AccountDeletion>> pendingOf(String accountId) {
        return list("accountId = ?1 and state = ?2", accountId, AccountDeletion.State.PENDING);
    }
}
