package dev.miaccount.events;

/** CloudEvents {@code type} values. A breaking change to a payload gets a new version suffix. */
public final class EventTypes {

    public static final String ACCOUNT_REGISTERED = "account.registered.v1";
    public static final String ACCOUNT_PROFILE_UPDATED = "account.profile-updated.v1";
    public static final String SESSION_OPENED = "account.session-opened.v1";
    public static final String SESSION_REVOKED = "account.session-revoked.v1";
    public static final String NOTIFICATION_SENT = "notification.sent.v1";
    public static final String NOTIFICATION_FAILED = "notification.failed.v1";

    private EventTypes() {
    }
}
