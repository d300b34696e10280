package dev.miaccount.account.password;

import java.util.Locale;
import java.util.Set;

import dev.miaccount.problem.ProblemException;

/**
 * What a new password must be, after NIST SP 800-63B: 8 to 128 characters (code points, after normalisation),
 * any characters, and not one of the passwords every attacker tries first.
 */
public final class PasswordPolicy {

    private static final Set<String> COMMON = Set.of("password", "password1", "12345678", "123456789", "1234567890",
            "qwertyui", "qwerty123", "11111111", "00000000", "iloveyou", "abc12345", "password123", "87654321",
            "abcd1234", "1q2w3e4r", "qwertyuiop", "letmein1", "welcome1", "11223344", "88888888", "xiaomi123");

    private PasswordPolicy() {
    }

    /** @throws ProblemException 400 naming {@code field} when the password is not acceptable */
    public static void require(String field, String password) {
        String normalized = PasswordHasher.normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < 8 || length > 128) {
            throw ProblemException.validation(field, "must be 8 to 128 characters");
        }
        if (COMMON.contains(normalized.toLowerCase(Locale.ROOT)) || normalized.chars().distinct().count() == 1) {
            throw ProblemException.validation(field, "is too common; choose another");
        }
    }
}
