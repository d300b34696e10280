package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.contact-change-requested.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the account
 * holder (password asked again) wants a new email ({@code channel} EMAIL) or phone (SMS). notification-service
 * sends a code bound to {@code changeId} to {@code destination}, the new address; account-service checks it with
 * the internal code check when the holder confirms. The code never travels on Kafka.
 */
public record ContactChangeRequested(String changeId, String accountId, String channel, String destination,
        Instant requestedAt) {
}
