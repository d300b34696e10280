package dev.miaccount.account.account;

import java.time.Instant;

/** The account as its owner sees it: never the password hash. */
public record AccountView(String accountId, String email, String phone, String displayName, Instant createdAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.getAccountId(), account.getEmail(), account.getPhone(),
                account.getDisplayName(), account.getCreatedAt());
    }
}
