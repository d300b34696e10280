package dev.miaccount.account.signin;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.account.account.Account;
import dev.miaccount.account.account.AccountRepository;
import dev.miaccount.account.password.HashingPool;
import dev.miaccount.account.password.PasswordHasher;
import dev.miaccount.account.session.Session;
import dev.miaccount.account.session.SessionService;
import dev.miaccount.account.session.TokenIssuer;
import dev.miaccount.auth.Caller;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
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

    public SignInService(AccountRepository accounts, PasswordHasher hasher, BruteForceGuard guard,
            SessionService sessions, TokenIssuer tokens, HashingPool pool) {
        this.pool = pool;
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
        return pool.admit(() -> Panache.withTransaction(() -> accounts.findByIdentifier(identifier)
                .call(account -> guard.reserve(BruteForceGuard.subject(account, identifier))))
                .flatMap(account -> checkPassword(account, request.password())))
                .flatMap(account -> Panache.withTransaction(() -> guard.clear(account.getAccountId())
                        .flatMap(ignored -> sessions.open(account, request.device()))))
                .map(session -> new SignedIn(tokens.accessToken(session), session));
    }

    /** The password asked again: a step-up token for the caller's session, for a sensitive step elsewhere. */
    public Uni<TokenIssuer.IssuedToken> reauthenticate(Caller caller, String password) {
        return pool.admit(() -> Panache.withTransaction(() -> sessions.requireActive(caller)
                .flatMap(session -> accounts.findById(caller.accountId()))
                .call(account -> guard.reserve(account.getAccountId())))
                .flatMap(account -> checkPassword(account, password)))
                .call(account -> Panache.withTransaction(() -> guard.clear(account.getAccountId())))
                .map(account -> tokens.stepUpToken(caller));
    }

    /** @param account null for an unknown identifier: one hash is spent all the same */
    private Uni<Account> checkPassword(Account account, String password) {
        return hasher.verifyAsync(password, account == null ? null : account.getPasswordHash())
                .flatMap(matches -> matches ? Uni.createFrom().item(account)
                        : Uni.createFrom().failure(invalidCredentials()));
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(401, "invalid-credentials", "Invalid credentials",
                "the identifier or the password is wrong");
    }
}
