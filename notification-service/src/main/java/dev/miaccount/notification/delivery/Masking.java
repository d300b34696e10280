package dev.miaccount.notification.delivery;

/** Destinations as they may be shown and published: enough to recognise, not enough to use. */
public final class Masking {

    private Masking() {
    }

    public static String mask(Channel channel, String destination) {
        return channel == Channel.EMAIL ? email(destination) : phone(destination);
    }

    /** {@code mi.fan@example.com} → {@code m***@example.com} */
    static String email(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code +8613800138000} → {@code +86*******8000} */
    static String phone(String phone) {
        if (phone.length() < 8) {
            return "***";
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
