package dev.miaccount.events;

/** CloudEvents {@code type} values. A breaking change to a payload gets a new version suffix. */
public final class EventTypes {

    /** v2: the contact sealed under the account's data key (v1 carried it in clear). */
    public static final String ACCOUNT_REGISTERED = "account.registered.v2";
    /** v2: the profile sealed under the account's data key (v1 carried it in clear). */
    public static final String ACCOUNT_PROFILE_UPDATED = "account.profile-updated.v2";
    public static final String PASSWORD_RESET_REQUESTED = "account.password-reset-requested.v1";
    public static final String PASSWORD_CHANGED = "account.password-changed.v1";
    /** A new email or phone awaits the code sent to it; then {@link #CONTACT_CHANGED} and the profile update. */
    public static final String CONTACT_CHANGE_REQUESTED = "account.contact-change-requested.v2";
    public static final String CONTACT_CHANGED = "account.contact-changed.v1";
    /** A wrong password for an existing account; names the lockout it caused, if any. */
    public static final String SIGN_IN_FAILED = "account.sign-in-failed.v1";
    public static final String SESSION_OPENED = "account.session-opened.v1";
    public static final String SESSION_REVOKED = "account.session-revoked.v1";
    /** Every session but the caller's revoked at once; each also has its {@link #SESSION_REVOKED}. */
    public static final String SIGNED_OUT_EVERYWHERE = "account.signed-out-everywhere.v1";
    /** account-service revoked every session of one phone, as a step of a device flow (the flow's flowid). */
    public static final String DEVICE_SESSIONS_REVOKED = "account.device-sessions-revoked.v1";
    /** Deleting the account: a code to the account's phone (else email), bound to the deletionId. */
    public static final String ACCOUNT_DELETION_REQUESTED = "account.deletion-requested.v1";
    /** The erasure flow begins: the code confirmed, every session revoked; device-service removes the phones. */
    public static final String ACCOUNT_DELETION_STARTED = "account.deletion-started.v1";
    /** account-service erased the account and destroyed its data key; notification-service goes last. */
    public static final String ACCOUNT_DELETED = "account.deleted.v1";

    public static final String DEVICE_BOUND = "device.bound.v1";
    public static final String DEVICE_BINDING_REJECTED = "device.binding-rejected.v1";
    public static final String DEVICE_FIND_DEVICE_CHANGED = "device.find-device-changed.v1";
    public static final String DEVICE_SIGN_OUT_REQUESTED = "device.sign-out-requested.v1";
    public static final String DEVICE_SIGNED_OUT = "device.signed-out.v1";
    public static final String DEVICE_DELETION_REQUESTED = "device.deletion-requested.v1";
    public static final String DEVICE_DELETED = "device.deleted.v1";
    public static final String DEVICE_RESET_REQUESTED = "device.reset-requested.v1";
    public static final String DEVICE_LOCKED = "device.locked.v1";
    public static final String DEVICE_ACTIVATED = "device.activated.v1";
    /**
     * A sign-out or deletion got no answer from account-service after its last attempt (same flowid); the phone stays
     * SIGNING_OUT / DELETING, shown as stuck, until an answer comes.
     */
    /** In an account's erasure: every phone of the account removed, the account forgotten here. */
    public static final String DEVICE_ACCOUNT_DEVICES_REMOVED = "device.account-devices-removed.v1";
    public static final String DEVICE_FLOW_STUCK = "device.flow-stuck.v1";

    public static final String NOTIFICATION_SENT = "notification.sent.v1";
    public static final String NOTIFICATION_FAILED = "notification.failed.v1";
    /** The last step of an account's erasure: its notice sent, what notification-service held erased. */
    public static final String NOTIFICATION_ACCOUNT_ERASED = "notification.account-erased.v1";

    private EventTypes() {
    }
}
