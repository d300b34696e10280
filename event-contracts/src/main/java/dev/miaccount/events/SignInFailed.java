package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.sign-in-failed.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: a wrong password for
 * an existing account (sign-in or the password asked again). {@code lockedUntil} is set when this failure locked
 * the account. Never the password, nor the identifier typed.
 */
public record SignInFailed(String accountId, String deviceId, String model, Instant lockedUntil, Instant at) {
}
