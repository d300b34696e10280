package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code notification.sent.v1} or {@code notification.failed.v1} on {@link Topics#NOTIFICATION_EVENTS},
 * subject = accountId. The destination is masked; the message body (which may hold a code) is never included.
 */
public record NotificationOutcome(String notificationId, String accountId, String kind, String reason,
        String channel, String maskedDestination, String status, Instant at) {
}
