package dev.miaccount.account.account;

import java.security.SecureRandom;

/** Random 10-digit account ids: not sequential, so an id tells nothing about others. */
final class AccountIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long LOWEST = 1_000_000_000L;

    private AccountIds() {
    }

    static String next() {
        return Long.toString(LOWEST + (long) (RANDOM.nextDouble() * 9_000_000_000L));
    }
}
