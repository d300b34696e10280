package dev.miaccount.account.signin;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.account.Account;
import dev.miaccount.account.account.AccountRepository;
import dev.miaccount.account.password.HashingPool;
import dev.miaccount.account.session.DeviceInfo;
import dev.miaccount.account.password.PasswordHasher;
import dev.miaccount.account.session.Session;
import dev.miaccount.account.session.SessionService;
import dev.miaccount.account.session.TokenIssuer;
import dev.miaccount.auth.Caller;
import dev.miaccount.problem.ProblemException;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.SignInFailed;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Checks passwords: at sign-in, and again before a sensitive step (step-up). An unknown identifier and a wrong
 * password get the same answer, and an unknown identifier still costs one hash, so neither the body nor the time
 * tells them apart — the lockout included. At most {@code max-failures} guesses ever reach the hash, however many
 * arrive at once. The hash runs outside any transaction.
 */
@ApplicationScoped
public class SignInService {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final BruteForceGuard guard;
    private final SessionService sessions;
    private final TokenIssuer tokens;
    private final HashingPool pool;
    private final Outbox outbox;
    private final Clock clock;
    /** miaccount.sign.ins: each sign-in's time, by outcome (signed-in, invalid-credentials, too-many-attempts, busy). */
    private final MeterRegistry registry;

    public SignInService(AccountRepository accounts, PasswordHasher hasher, BruteForceGuard guard,
            SessionService sessions, TokenIssuer tokens, HashingPool pool, Outbox outbox, Clock clock,
            MeterRegistry registry) {
        this.registry = registry;
        this.pool = pool;
        this.outbox = outbox;
        this.clock = clock;
        this.accounts = accounts;
        this.hasher = hasher;
        this.guard = guard;
        this.sessions = sessions;
        this.tokens = tokens;
    }

    public record SignedIn(TokenIssuer.IssuedToken accessToken, Session session) {
    }

    /**
     * Room on the hashing pool first (else 503, nothing counted), then one attempt reserved and committed, then the
     * hash — outside any transaction — and on success the count cleared and the session opened together.
     */
    public Uni<SignedIn> signIn(SignInRequest request) {
        Identifier identifier = Identifier.parse(request.identifier());
        Timer.Sample sample = Timer.start(registry);
        return pool.admit(() -> Panache.withTransaction(() -> accounts.findByIdentifier(identifier)
                .flatMap(account -> guard.reserve(BruteForceGuard.subject(account, identifier))
                        .map(attempt -> new Reserved(account, attempt))))
                .flatMap(reserved -> checkPassword(reserved, request.password(), request.device())))
                .flatMap(account -> Panache.withTransaction(() -> guard.clear(account.getAccountId())
                        .flatMap(ignored -> sessions.open(account, request.device()))))
                .map(session -> new SignedIn(tokens.accessToken(session), session))
                .onItemOrFailure().invoke((signedIn, failure) -> sample.stop(registry.timer("miaccount.sign.ins",
                        "outcome", failure == null ? "signed-in"
                                : failure instanceof ProblemException problem ? problem.slug() : "error")));
    }

    /** The password asked again: a step-up token for the caller's session, for a sensitive step elsewhere. */
    public Uni<TokenIssuer.IssuedToken> reauthenticate(Caller caller, String password) {
        return pool.admit(() -> Panache.withTransaction(() -> sessions.requireActive(caller)
                .flatMap(session -> accounts.findById(caller.accountId()))
                .flatMap(account -> guard.reserve(account.getAccountId())
                        .map(attempt -> new Reserved(account, attempt))))
                .flatMap(reserved -> checkPassword(reserved, password, null)))
                .call(account -> Panache.withTransaction(() -> guard.clear(account.getAccountId())))
                .map(account -> tokens.stepUpToken(caller));
    }

    /** An account (null for an unknown identifier) and the attempt reserved for it. */
    private record Reserved(Account account, BruteForceGuard.Attempt attempt) {
    }

    /**
     * One hash, also for an unknown identifier. A wrong password for an account is announced
     * ({@code account.sign-in-failed.v1}, naming the lockout it caused) for its security activity.
     */
    private Uni<Account> checkPassword(Reserved reserved, String password, DeviceInfo device) {
        Account account = reserved.account();
        return hasher.verifyAsync(password, account == null ? null : account.getPasswordHash())
                .flatMap(matches -> {
                    if (matches) {
                        return Uni.createFrom().item(account);
                    }
                    Uni<Void> announced = account == null ? Uni.createFrom().voidItem()
                            : Panache.withTransaction(() -> outbox.append(new OutgoingEvent(Topics.ACCOUNT_EVENTS,
                                    account.getAccountId(), EventTypes.SIGN_IN_FAILED, account.getAccountId(), null,
                                    new SignInFailed(account.getAccountId(), device == null ? null : device.deviceId(),
                                            device == null ? null : device.model(), reserved.attempt().locksUntil(),
                                            Instant.now(clock)))).replaceWithVoid());
                    return announced.flatMap(ignored -> Uni.createFrom().failure(invalidCredentials()));
                });
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(401, "invalid-credentials", "Invalid credentials",
                "the identifier or the password is wrong");
    }
}
