package dev.miaccount.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The secrets the services share, made on first use for the local run and the tests and kept outside the
 * repository: the RSA key pair account-service signs tokens with, and the service credential of
 * notification-service's internal API. Compose and production mount or pass their own instead.
 */
public final class SigningKeys {

    public static final String PRIVATE_KEY_FILE = "token-signing-key.pem";
    public static final String PUBLIC_KEY_FILE = "token-verification-key.pem";
    public static final String INTERNAL_TOKEN_FILE = "internal-token";

    private SigningKeys() {
    }

    /** Creates the pair in {@code dir} unless it is there. */
    public static synchronized void ensure(Path dir) {
        Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
        Path publicKey = dir.resolve(PUBLIC_KEY_FILE);
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write signing keys to " + dir, e);
        }
    }

    /**
     * Configuration for every service: account-service signs with the private key; every service verifies
     * access tokens with the public key.
     */
    public static Map<String, String> quarkusConfig(Path dir) {
        ensure(dir);
        return Map.of(
                "smallrye.jwt.sign.key.location", dir.resolve(PRIVATE_KEY_FILE).toAbsolutePath().toString(),
                "mp.jwt.verify.publickey.location", dir.resolve(PUBLIC_KEY_FILE).toAbsolutePath().toString(),
                "miaccount.internal.token", internalToken(dir));
    }

    /** The service credential account-service shows notification-service's internal API; made once per dir. */
    public static synchronized String internalToken(Path dir) {
        Path file = dir.resolve(INTERNAL_TOKEN_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(dir);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                        StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the internal token in " + dir, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
