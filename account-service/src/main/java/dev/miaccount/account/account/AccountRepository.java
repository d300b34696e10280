package dev.miaccount.account.account;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.signin.Identifier;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    public Uni<Account> findByIdentifier(Identifier identifier) {
        return switch (identifier.kind()) {
            case ACCOUNT_ID -> findById(identifier.value());
            case EMAIL -> find("email", identifier.value()).firstResult();
            case PHONE -> find("phone", identifier.value()).firstResult();
        };
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
