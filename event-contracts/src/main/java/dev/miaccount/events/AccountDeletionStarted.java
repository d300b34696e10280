package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.deletion-started.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the code confirmed,
 * every session of the account revoked (each with its {@code account.session-revoked.v1}, reason
 * {@code ACCOUNT_DELETED}, same flowid). device-service now removes every phone of the account.
 */
public record AccountDeletionStarted(String accountId, String deletionId, Instant at) {
}
