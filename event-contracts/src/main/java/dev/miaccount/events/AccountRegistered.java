package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.registered.v2} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId. {@code personal} is the
 * account's {@link Contact}, sealed under its data key ({@link PersonalData}): notification-service opens it to reach
 * the account; once the account is erased nobody can. Never a password or its hash.
 */
public record AccountRegistered(String accountId, Instant createdAt, String personal) {

    /** What {@code personal} holds: the addresses (either may be null) and the name. */
    public record Contact(String email, String phone, String displayName) {
    }
}
