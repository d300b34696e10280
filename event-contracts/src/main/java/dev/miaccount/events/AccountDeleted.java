package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.deleted.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: account-service erased the
 * account (only a tombstone of its id is left, so the id is never given out again) and destroyed its data key.
 * notification-service sends the last notice and erases what it holds.
 */
public record AccountDeleted(String accountId, Instant deletedAt) {
}
