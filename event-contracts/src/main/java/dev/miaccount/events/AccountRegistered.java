package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.registered.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId. Carries the contact
 * addresses notification-service needs to reach the account; never a password or its hash.
 */
public record AccountRegistered(String accountId, String email, String phone, String displayName,
        Instant createdAt) {
}
