package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.password-changed.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the password changed
 * (through a reset: {@code resetId}), every session of the account is revoked; notification-service sends the
 * PASSWORD_CHANGED alert. Never the password or its hash.
 */
public record PasswordChanged(String accountId, String resetId, Instant changedAt) {
}
