package dev.miaccount.account.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), so a hash
 * made at an older cost still verifies after the cost is raised. Passwords are NFKC-normalised first, so the
 * same password typed on two keyboards matches.
 *
 * <p>Hashing costs milliseconds of CPU: the {@code *Async} methods run it on the {@link HashingPool} and resume on
 * the caller's Vert.x context, where Hibernate Reactive needs to continue.
 */
@ApplicationScoped
public class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final HashingPool pool;
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final Argon2id engine;
    /** Verified against when an identifier is unknown, so that both cases cost one hash. */
    private final String decoy;

    @Inject
    public PasswordHasher(HashingPool pool, @ConfigProperty(name = "miaccount.password.memory-kib") int memoryKib,
            @ConfigProperty(name = "miaccount.password.iterations") int iterations,
            @ConfigProperty(name = "miaccount.password.parallelism") int parallelism,
            @ConfigProperty(name = "miaccount.password.argon2", defaultValue = "auto") String argon2) {
        if (memoryKib < 7168 || iterations < 5 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2id parameters below Keycloak's defaults (m=7168, t=5, p=1)");
        }
        this.pool = pool;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.engine = Argon2id.select(argon2);
        this.decoy = hash("decoy password that matches nothing");
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(normalize(password), salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /** @param encoded a PHC string made by {@link #hash}, or null to spend the time of one hash and fail */
    public boolean verify(String password, String encoded) {
        if (encoded == null) {
            verify(password, decoy);
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            return false;
        }
        int m = 0;
        int t = 0;
        int p = 0;
        for (String param : parts[3].split(",")) {
            String[] kv = param.split("=");
            switch (kv[0]) {
                case "m" -> m = Integer.parseInt(kv[1]);
                case "t" -> t = Integer.parseInt(kv[1]);
                case "p" -> p = Integer.parseInt(kv[1]);
                default -> {
                    return false;
                }
            }
        }
        byte[] expected = B64D.decode(parts[5]);
        byte[] actual = argon2(normalize(password), B64D.decode(parts[4]), m, t, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** A new hash, admitted to the pool on its own (503 when it is full). */
    public Uni<String> hashAsync(String password) {
        return pool.admit(() -> pool.run(() -> hash(password)));
    }

    /** The caller has been admitted to the pool already ({@link HashingPool#admit}), before counting the attempt. */
    public Uni<Boolean> verifyAsync(String password, String encoded) {
        return pool.run(() -> verify(password, encoded));
    }

    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Which implementation computes the hashes (the benchmark prints it). */
    public String engine() {
        return engine.name();
    }

    private byte[] argon2(String password, byte[] salt, int m, int t, int p, int length) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        try {
            return engine.hash(bytes, salt, m, t, p, length);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0); // no copy of the password lingers in the heap
        }
    }
}
