package dev.miaccount.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code account.signed-out-everywhere.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: the account
 * holder (password asked again) ended every session but {@code keptSessionId}; each revoked one also has its
 * {@code account.session-revoked.v1} with the same flowid. Phones stay bound. notification-service sends one
 * {@code SIGNED_OUT_EVERYWHERE} alert.
 */
public record SignedOutEverywhere(String accountId, String keptSessionId, List<String> revokedSessionIds,
        Instant at) {
}
