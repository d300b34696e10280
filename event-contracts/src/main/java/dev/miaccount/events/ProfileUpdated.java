package dev.miaccount.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code account.profile-updated.v2} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: which fields changed,
 * and the profile after the change as an {@link AccountRegistered.Contact} sealed under the account's data key
 * ({@link PersonalData}). Never a password or its hash.
 */
public record ProfileUpdated(String accountId, List<String> changed, Instant updatedAt, String personal) {
}
