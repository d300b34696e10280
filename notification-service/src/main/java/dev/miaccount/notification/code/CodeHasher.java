package dev.miaccount.notification.code;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;

/**
 * Makes codes and the hashes kept instead of them: HMAC-SHA256 over {@code requestId:code} (the reset's or the
 * contact change's id) with a server key
 * ({@code miaccount.code.hmac-key}), so that a copy of the database alone does not let anyone try the million
 * codes. Without a configured key, a random one per process: codes then do not survive a restart.
 */
@ApplicationScoped
public class CodeHasher {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public CodeHasher(@ConfigProperty(name = "miaccount.code.hmac-key") Optional<String> configured) {
        byte[] secret;
        if (configured.isPresent() && !configured.get().isBlank()) {
            secret = configured.get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            RANDOM.nextBytes(secret);
            Log.warn("miaccount.code.hmac-key is not set: a random key is used; codes sent before a restart, or by"
                    + " another replica, will not be accepted");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Six digits, each equally likely. */
    public String newCode() {
        return "%06d".formatted(RANDOM.nextInt(1_000_000));
    }

    public String hash(String requestId, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((requestId + ":" + code).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Where a code went, recognisable for rate limits and not readable. */
    public String destination(String destination) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(destination.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Constant time, so that the comparison tells nothing about how much of a guess was right. */
    static boolean same(String expectedHash, String candidateHash) {
        return MessageDigest.isEqual(expectedHash.getBytes(StandardCharsets.US_ASCII),
                candidateHash.getBytes(StandardCharsets.US_ASCII));
    }
}
