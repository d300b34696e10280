package dev.miaccount.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret the suite handled: the passwords it typed (right and wrong), the access and step-up tokens it was
 * given (and their signatures on their own), and the verification codes it read. {@link NoSecretsLeakIT} looks
 * for each of them in every log line and every Kafka record.
 */
final class Secrets {

    static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();
    static final Set<String> TOKENS = ConcurrentHashMap.newKeySet();
    static final Set<String> CODES = ConcurrentHashMap.newKeySet();
    /** Where codes may have gone: every email and phone the suite registered or moved an account to. */
    static final Set<String> ADDRESSES = ConcurrentHashMap.newKeySet();
    /** Which test classes contributed, so that the scan can tell what it covers. */
    static final Set<String> CONTRIBUTORS = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    static String password(String password) {
        PASSWORDS.add(password);
        return password;
    }

    /** Registers a JWT and its signature part. */
    static String token(String token) {
        if (token != null) {
            TOKENS.add(token);
            String[] parts = token.split("\\.");
            if (parts.length == 3 && parts[2].length() >= 20) {
                TOKENS.add(parts[2]);
            }
        }
        return token;
    }

    static String address(String address) {
        ADDRESSES.add(address);
        return address;
    }

    static String code(String code) {
        CODES.add(code);
        return code;
    }

    static void contributedBy(Class<?> test) {
        CONTRIBUTORS.add(test.getSimpleName());
    }
}
