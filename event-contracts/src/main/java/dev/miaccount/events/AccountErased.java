package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code notification.account-erased.v1} on {@link Topics#NOTIFICATION_EVENTS}, subject = accountId: the last step
 * of an account's erasure. notification-service sent the {@code ACCOUNT_DELETED} notice (as many as the account had
 * addresses) and erased the account's contacts, codes and sandbox messages and its deliveries' destinations.
 */
public record AccountErased(String accountId, int notices, Instant at) {
}
