package dev.miaccount.notification.contact;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class AccountContactRepository implements PanacheRepositoryBase<AccountContact, String> {
}
