package dev.miaccount.account.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    public Uni<Boolean> emailTaken(String email) {
        return email == null ? Uni.createFrom().item(false) : count("email", email).map(n -> n > 0);
    }

    public Uni<Boolean> phoneTaken(String phone) {
        return phone == null ? Uni.createFrom().item(false) : count("phone", phone).map(n -> n > 0);
    }
}
