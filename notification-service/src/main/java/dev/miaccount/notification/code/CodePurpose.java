package dev.miaccount.notification.code;

/**
 * What a code confirms; also the delivery's reason. A newer code voids only the older codes of the same purpose, so
 * a contact change never voids a pending password reset, nor the other way round.
 */
public enum CodePurpose {
    /** Bound to a resetId; sent to the account's phone, else its email. */
    PASSWORD_RESET,
    /** Bound to a changeId; sent to the new address. */
    CONTACT_CHANGE,
    /** Bound to a deletionId; sent to the account's phone, else its email. */
    ACCOUNT_DELETION
}
