package dev.miaccount.account.verification;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.miaccount.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Checks a 6-digit code — of a password reset or a contact change — with notification-service, which made it.
 * The answers a person gets are the same for every flow: one 400 invalid-code for wrong, expired, used or unknown,
 * 429 once the code is exhausted, 503 while the check cannot be made.
 */
@ApplicationScoped
public class CodeChecks {

    public enum Result {
        VALID, INVALID, EXHAUSTED
    }

    /** What a code was made for; notification-service answers INVALID to a code checked for something else. */
    public enum Purpose {
        PASSWORD_RESET, CONTACT_CHANGE, ACCOUNT_DELETION
    }

    private final VerificationCodes codes;

    public CodeChecks(@RestClient VerificationCodes codes) {
        this.codes = codes;
    }

    /** @param id the reset's or the change's id, bound to the code when it was made */
    public Uni<Result> check(Purpose purpose, String id, String accountId, String code) {
        return codes.check(id, new VerificationCodes.CheckRequest(accountId, code, purpose.name()))
                .onFailure().transform(e -> {
                    Log.warnf("verification codes unreachable: %s", e.getMessage());
                    return new ProblemException(503, "unavailable", "Try again later",
                            "the code cannot be checked right now; try again in a moment");
                })
                .map(answer -> switch (answer.result()) {
                    case "VALID" -> Result.VALID;
                    case "EXHAUSTED" -> Result.EXHAUSTED;
                    default -> Result.INVALID;
                });
    }

    /**
     * For an id that names nothing (or nothing of the caller's): the same path as a real check — one that cannot
     * succeed — and then the same 400, so neither the answer nor its time tells the two apart.
     */
    public <T> Uni<T> refuseLikeAWrongCode(String code) {
        return codes.check(UUID.randomUUID().toString(),
                new VerificationCodes.CheckRequest(VerificationCodes.NO_ACCOUNT, code, null))
                .onItemOrFailure().transformToUni((ignored, failure) -> Uni.createFrom().failure(invalidCode()));
    }

    /** Wrong, expired, used or unknown: one answer, so that none of them can be told apart. */
    public static ProblemException invalidCode() {
        return new ProblemException(400, "invalid-code", "Invalid code",
                "the code is wrong or expired, or it was asked for something that is over; ask for a new code");
    }

    public static ProblemException exhausted() {
        return new ProblemException(429, "too-many-attempts", "Too many attempts",
                "too many wrong codes; ask for a new one");
    }
}
