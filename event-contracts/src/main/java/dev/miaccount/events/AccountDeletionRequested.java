package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.deletion-requested.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the holder (password
 * asked again) wants the account deleted. notification-service sends a code bound to {@code deletionId} to the
 * account's phone, else its email; the code never travels on Kafka.
 */
public record AccountDeletionRequested(String deletionId, String accountId, Instant requestedAt) {
}
