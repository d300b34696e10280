package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.contact-change-requested.v2} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the account
 * holder (password asked again) wants a new email ({@code channel} EMAIL) or phone (SMS). notification-service
 * sends a code bound to {@code changeId} to the new address, a {@link Destination} sealed under the account's data
 * key ({@link PersonalData}); account-service checks it with the internal code check when the holder confirms. The
 * code never travels on Kafka.
 */
public record ContactChangeRequested(String changeId, String accountId, String channel, Instant requestedAt,
        String personal) {

    /** What {@code personal} holds. */
    public record Destination(String destination) {
    }
}
