package dev.miaccount.account.account;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.password.PasswordHasher;
import dev.miaccount.account.password.PasswordPolicy;
import dev.miaccount.account.personaldata.PersonalDataKeys;
import dev.miaccount.events.AccountRegistered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final Outbox outbox;
    private final PersonalDataKeys dataKeys;
    private final Clock clock;

    public AccountService(AccountRepository accounts, PasswordHasher hasher, Outbox outbox,
            PersonalDataKeys dataKeys, Clock clock) {
        this.dataKeys = dataKeys;
        this.clock = clock;
        this.accounts = accounts;
        this.hasher = hasher;
        this.outbox = outbox;
    }

    /**
     * Hashes the password off the event loop first (no transaction is held open meanwhile), then stores the
     * account and its event in one transaction.
     */
    public Uni<Account> register(RegisterRequest request) {
        String email = request.email();
        String phone = request.phone();
        if (email == null && phone == null) {
            return Uni.createFrom().failure(ProblemException.validation("email", "email or phone is required"));
        }
        PasswordPolicy.require("password", request.password());
        return hasher.hashAsync(request.password())
                .flatMap(hash -> Panache.withTransaction(
                        () -> store(email, phone, hash, blankToNull(request.displayName()))))
                .onFailure(AddressTaken::is).transform(AddressTaken::conflictFor);
    }

    private Uni<Account> store(String email, String phone, String passwordHash, String displayName) {
        return accounts.emailTaken(email, null)
                .flatMap(taken -> taken ? conflict("email") : accounts.phoneTaken(phone, null))
                .flatMap(taken -> taken ? conflict("phone") : uniqueId())
                .flatMap(accountId -> {
                    Account account = new Account(accountId, email, phone, passwordHash, displayName, Instant.now(clock));
                    return accounts.persist(account);
                })
                .call(account -> dataKeys.create(account.getAccountId()))
                .call(account -> dataKeys.seal(account.getAccountId(), Contacts.of(account))
                        .flatMap(personal -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS,
                                account.getAccountId(), EventTypes.ACCOUNT_REGISTERED, account.getAccountId(), null,
                                new AccountRegistered(account.getAccountId(), account.getCreatedAt(), personal)))))
                .invoke(account -> Log.infof("account %s registered", account.getAccountId()));
    }

    private Uni<String> uniqueId() {
        String candidate = AccountIds.next();
        return accounts.idEverUsed(candidate).flatMap(used -> used ? uniqueId() : Uni.createFrom().item(candidate));
    }

    private static <T> Uni<T> conflict(String field) {
        return Uni.createFrom().failure(ProblemException.conflict("this " + field + " belongs to another account"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
