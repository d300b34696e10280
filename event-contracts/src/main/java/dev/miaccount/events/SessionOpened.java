package dev.miaccount.events;

import java.time.Instant;

/**
 * {@code account.session-opened.v1} on {@link Topics#ACCOUNT_EVENTS}, subject = accountId. {@code device} is set for
 * a device session (device-service binds the phone), null for a web session. Never the token.
 */
public record SessionOpened(String sessionId, String accountId, String kind, Device device, Instant openedAt) {

    /** The phone a device session was opened on, as it described itself at sign-in. */
    public record Device(String deviceId, String model, String romRegion, boolean findDevice) {
    }
}
