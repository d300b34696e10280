package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.password-reset-requested.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: someone asked
 * to reset the password of an existing account (nothing is emitted for an unknown identifier).
 * notification-service makes a code bound to {@code resetId} and sends it; the code itself never travels on Kafka.
 * account-service checks a code with notification-service's internal API
 * {@code POST /internal/v1/verification-codes/{resetId}/check}.
 */
public record PasswordResetRequested(String resetId, String accountId, Instant requestedAt) {
}
