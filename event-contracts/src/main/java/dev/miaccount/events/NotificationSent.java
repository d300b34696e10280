package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code notification.sent.v1} on {@link Topics#NOTIFICATION_EVENTS}, subject = accountId. The destination is
 * masked and the message body is never included.
 */
public record NotificationSent(String notificationId, String accountId, String kind, String reason,
        String channel, String maskedDestination, String status, Instant sentAt) {
}
