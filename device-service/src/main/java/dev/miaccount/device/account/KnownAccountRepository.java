package dev.miaccount.device.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class KnownAccountRepository implements PanacheRepositoryBase<KnownAccount, String> {
}
