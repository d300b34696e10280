package dev.miaccount.events;

import java.time.Instant;
import java.util.List;

/**
 * {@code account.device-sessions-revoked.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId: every active
 * session of {@code deviceId} on that account is revoked, as the step a device flow asked for
 * ({@code reason} = the request's type: SIGN_OUT, DELETE, FACTORY_RESET). Carries the flow's flowid. Sent once per
 * request, even when no session was left to revoke.
 */
public record DeviceSessionsRevoked(String accountId, String deviceId, List<String> sessionIds, String reason,
        Instant revokedAt) {
}
