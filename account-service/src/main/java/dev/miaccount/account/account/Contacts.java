package dev.miaccount.account.account;

import dev.miaccount.events.AccountRegistered;

import java.util.Locale;

/** How contact addresses are written and compared. */
public final class Contacts {

    public static final String E164 = "^\\+[1-9][0-9]{6,14}$";

    private Contacts() {
    }

    /** Emails compare case-insensitively: stored trimmed and lower-cased. Blank means absent. */
    public static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.trim().toLowerCase(Locale.ROOT);
    }

    /** The account's addresses and name as its events carry them, sealed (see PersonalDataKeys). */
    public static AccountRegistered.Contact of(Account account) {
        return new AccountRegistered.Contact(account.getEmail(), account.getPhone(), account.getDisplayName());
    }

    public static String phone(String raw) {
        return raw == null || raw.isBlank() ? null : raw.trim();
    }
}
