package dev.miaccount.account.account;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The account as its owner sees it: never the password hash. */
public record AccountView(String accountId, @Schema(nullable = true) String email,
        @Schema(nullable = true) String phone, @Schema(nullable = true) String displayName, Instant createdAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.getAccountId(), account.getEmail(), account.getPhone(),
                account.getDisplayName(), account.getCreatedAt());
    }
}
