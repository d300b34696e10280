package dev.miaccount.notification.alert;

import dev.miaccount.events.EventTypes;

/**
 * What happened to a phone (or to the password, or to an address) that its account must hear of: the alert's reason (as in {@code notification.sent.v1}
 * and the notifications API), its email subject and the sentence that tells it.
 */
public enum SecurityAlert {

    DEVICE_SIGNED_OUT("Security alert: your phone was signed out",
            "Your phone %1$s was signed out of your Mi Account %2$s on %3$s."),
    DEVICE_DELETED("Security alert: your phone was removed from your Mi Account",
            "Your phone %1$s was deleted from your Mi Account %2$s on %3$s and is no longer in My Devices."),
    DEVICE_LOCKED("Security alert: your phone was locked",
            "Your phone %1$s was reset to factory settings on %3$s and is now locked to your Mi Account %2$s: only"
                    + " this account can activate it again."),
    PASSWORD_CHANGED("Security alert: your password was changed",
            "The password of your Mi Account %2$s was changed on %3$s and every device was signed out."),
    /** %1$s names what changed: "email address" or "phone number". */
    CONTACT_CHANGED("Security alert: your Mi Account's email address or phone number was changed",
            "The %1$s of your Mi Account %2$s was changed on %3$s: messages and verification codes now go to the"
                    + " new one, no longer to this address."),
    SIGNED_OUT_EVERYWHERE("Security alert: your Mi Account was signed out everywhere",
            "Every session of your Mi Account %2$s but one was signed out on %3$s; your phones stay in My Devices."),
    ACCOUNT_DELETED("Your Mi Account was deleted",
            "Your Mi Account %2$s was deleted on %3$s: its phones were removed from it, and everything it held is"
                    + " being erased. This is the last message it sends.");

    private final String subject;
    private final String sentence;

    SecurityAlert(String subject, String sentence) {
        this.subject = subject;
        this.sentence = sentence;
    }

    public String subject() {
        return subject;
    }

    /** What happened, naming the phone, the account and when. */
    public String whatHappened(String phone, String accountId, String when) {
        return sentence.formatted(phone, accountId, when);
    }

    /** What to do if this wasn't the account's owner. */
    public String advice() {
        return switch (this) {
            case PASSWORD_CHANGED -> "reset your password at once and check your email and phone number.";
            case ACCOUNT_DELETED -> "contact Mi Account support at once: whoever did it knew your password and"
                    + " received your verification code.";
            case CONTACT_CHANGED -> "sign in, change your password at once and put your own address back; if you"
                    + " can no longer sign in, contact Mi Account support.";
            default -> "change your password at once.";
        };
    }

    /** @return the alert a {@code device.*.v1} type calls for, or null when it calls for none */
    public static SecurityAlert of(String eventType) {
        return switch (eventType) {
            case EventTypes.DEVICE_SIGNED_OUT -> DEVICE_SIGNED_OUT;
            case EventTypes.DEVICE_DELETED -> DEVICE_DELETED;
            case EventTypes.DEVICE_LOCKED -> DEVICE_LOCKED;
            default -> null;
        };
    }
}
