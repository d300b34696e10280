package dev.miaccount.account.account;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.signin.Identifier;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    /** The account an identifier names; null when none does, or when that account is being deleted. */
    public Uni<Account> findByIdentifier(Identifier identifier) {
        Uni<Account> found = switch (identifier.kind()) {
            case ACCOUNT_ID -> findById(identifier.value());
            case EMAIL -> find("email", identifier.value()).firstResult();
            case PHONE -> find("phone", identifier.value()).firstResult();
        };
        return found.map(account -> account == null || account.isBeingDeleted() ? null : account);
    }

    /** Whether an account has, or ever had, this id: an erased account leaves a tombstone of its id. */
    public Uni<Boolean> idEverUsed(String accountId) {
        return getSession().flatMap(session -> session.createNativeQuery(
                "SELECT (SELECT count(*) FROM account WHERE account_id = :id)"
                        + " + (SELECT count(*) FROM account_tombstone WHERE account_id = :id)", Long.class)
                .setParameter("id", accountId).getSingleResult())
                .map(count -> count > 0);
    }

    /** @param except the account asking, whose own address is not a conflict; null for none */
    public Uni<Boolean> emailTaken(String email, String except) {
        return email == null ? Uni.createFrom().item(false)
                : count("email = ?1 and accountId <> ?2", email, except == null ? "" : except).map(n -> n > 0);
    }

    public Uni<Boolean> phoneTaken(String phone, String except) {
        return phone == null ? Uni.createFrom().item(false)
                : count("phone = ?1 and accountId <> ?2", phone, except == null ? "" : except).map(n -> n > 0);
    }
}
