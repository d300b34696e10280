package dev.miaccount.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code account.profile-updated.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the profile after the
 * change and which fields changed. Never a password or its hash.
 */
public record ProfileUpdated(String accountId, String email, String phone, String displayName,
        List<String> changed, Instant updatedAt) {
}
