package dev.miaccount.account.session;

import dev.miaccount.events.EventTypes;

/**
 * A device flow's request to revoke a phone's sessions: the reason each session is revoked with
 * ({@code account.session-revoked.v1}) and the reason named in {@code account.device-sessions-revoked.v1}.
 */
public enum DeviceRequest {

    SIGN_OUT("DEVICE_SIGNED_OUT"),
    DELETE("DEVICE_DELETED"),
    FACTORY_RESET("DEVICE_RESET");

    private final String sessionReason;

    DeviceRequest(String sessionReason) {
        this.sessionReason = sessionReason;
    }

    /** The reason a revoked session records. */
    public String sessionReason() {
        return sessionReason;
    }

    /** @return the request a {@code device.*-requested.v1} type stands for, or null for any other type */
    public static DeviceRequest of(String eventType) {
        return switch (eventType) {
            case EventTypes.DEVICE_SIGN_OUT_REQUESTED -> SIGN_OUT;
            case EventTypes.DEVICE_DELETION_REQUESTED -> DELETE;
            case EventTypes.DEVICE_RESET_REQUESTED -> FACTORY_RESET;
            default -> null;
        };
    }
}
