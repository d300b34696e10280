package dev.miaccount.device.account;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.events.AccountRegistered;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class KnownAccountService {

    private final KnownAccountRepository accounts;
    private final Clock clock = Clock.systemUTC();

    public KnownAccountService(KnownAccountRepository accounts) {
        this.accounts = accounts;
    }

    /** Runs inside the consumer's transaction. */
    public Uni<Void> registered(AccountRegistered event) {
        return accounts.findById(event.accountId()).flatMap(existing -> existing != null
                ? Uni.createFrom().voidItem()
                : accounts.persist(new KnownAccount(event.accountId(), event.createdAt(), Instant.now(clock)))
                        .invoke(a -> Log.infof("account %s is known now", a.getAccountId()))
                        .replaceWithVoid());
    }

    @WithSession
    public Uni<KnownAccount> find(String accountId) {
        return accounts.findById(accountId);
    }
}
