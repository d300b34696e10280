package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.session-revoked.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId. {@code deviceId} is set
 * when it was a device session. {@code reason}: SIGNED_OUT (the session's own sign-out), and later the flows that
 * revoke sessions (device sign-out, deletion, password change).
 */
public record SessionRevoked(String sessionId, String accountId, String deviceId, String reason, Instant revokedAt) {
}
