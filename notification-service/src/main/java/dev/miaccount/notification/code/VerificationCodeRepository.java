package dev.miaccount.notification.code;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class VerificationCodeRepository implements PanacheRepositoryBase<VerificationCode, String> {

    /**
     * Codes made since {@code since} for this account and purpose, or to this destination (whatever the account or
     * purpose).
     */
    public Uni<Long> sentSince(String accountId, CodePurpose purpose, String destinationHash, Instant since) {
        return count("((accountId = ?1 and purpose = ?2) or destinationHash = ?3) and createdAt > ?4", accountId,
                purpose, destinationHash, since);
    }

    /** A newer code voids the account's older codes of the same purpose that are still usable. */
    public Uni<Integer> voidActive(String accountId, CodePurpose purpose) {
        return update("state = ?1 where accountId = ?2 and purpose = ?3 and state = ?4", CodeState.VOIDED, accountId,
                purpose, CodeState.ACTIVE);
    }
}
