package dev.miaccount.notification.code;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class VerificationCodeRepository implements PanacheRepositoryBase<VerificationCode, String> {

    /** Codes sent since {@code since} to this account or to this destination (whichever account it belongs to). */
    public Uni<Long> sentSince(String accountId, String destinationHash, Instant since) {
        return count("(accountId = ?1 or destinationHash = ?2) and createdAt > ?3", accountId, destinationHash, since);
    }

    /** A newer reset voids the account's older codes that are still usable. */
    public Uni<Integer> voidActive(String accountId) {
        return update("state = ?1 where accountId = ?2 and state = ?3", CodeState.VOIDED, accountId,
                CodeState.ACTIVE);
    }
}
