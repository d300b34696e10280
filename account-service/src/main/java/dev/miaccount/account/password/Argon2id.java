package dev.miaccount.account.password;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import org.jboss.logging.Logger;

/**
 * One Argon2id computation (version 0x13, no secret, no associated data): the raw tag. Two engines compute the
 * same bytes: libargon2, the reference C implementation (Debian's libargon2-1), through JNA — faster than Bouncy
 * Castle here (the benchmarks module measures both side by side), independent of what the JIT makes of a launch, and
 * its 7 MiB per hash are not garbage in a small heap — and Bouncy Castle in pure Java, where the library is missing.
 */
public interface Argon2id {

    byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length);

    String name();

    /**
     * @param choice {@code auto} (libargon2 when it loads and computes what Bouncy Castle computes, else Bouncy
     *               Castle), {@code native} (libargon2 or fail), {@code bouncy-castle}
     */
    static Argon2id select(String choice) {
        return switch (choice) {
            case "bouncy-castle" -> new BouncyCastle();
            case "native" -> Native.load();
            case "auto" -> {
                try {
                    yield Native.load();
                } catch (RuntimeException | LinkageError e) {
                    Logger.getLogger(Argon2id.class).infof(
                            "Argon2id: libargon2 not usable (%s); Bouncy Castle computes the hashes", e.getMessage());
                    yield new BouncyCastle();
                }
            }
            default -> throw new IllegalArgumentException(
                    "miaccount.password.argon2 is auto, native or bouncy-castle, not " + choice);
        };
    }

    /** Pure Java. */
    final class BouncyCastle implements Argon2id {

        @Override
        public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
            Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memoryKib)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        }

        @Override
        public String name() {
            return "Bouncy Castle";
        }
    }

    /** libargon2's {@code argon2id_hash_raw}, bound directly (JNA direct mapping: no proxy per call). */
    final class Native implements Argon2id {

        private static volatile Boolean registered;

        private Native() {
        }

        /** Loads the library and proves it against Bouncy Castle on a fixed input before it is trusted. */
        static synchronized Native load() {
            if (registered == null) {
                if (com.sun.jna.Native.SIZE_T_SIZE != Long.BYTES) {
                    throw new IllegalStateException("size_t is not 64-bit here");
                }
                com.sun.jna.NativeLibrary library;
                try {
                    library = com.sun.jna.NativeLibrary.getInstance("argon2");
                } catch (UnsatisfiedLinkError e) {
                    // Debian's runtime package ships only the versioned name, without the -dev symlink
                    library = com.sun.jna.NativeLibrary.getInstance("libargon2.so.1");
                }
                com.sun.jna.Native.register(Native.class, library);
                registered = Boolean.TRUE;
            }
            Native engine = new Native();
            byte[] password = "self-test".getBytes(StandardCharsets.UTF_8);
            byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(engine.hash(password, salt, 256, 2, 1, 32),
                    new BouncyCastle().hash(password, salt, 256, 2, 1, 32))) {
                throw new IllegalStateException("libargon2 and Bouncy Castle disagree");
            }
            return engine;
        }

        private static native int argon2id_hash_raw(int tCost, int mCost, int parallelism, byte[] pwd, long pwdlen,
                byte[] salt, long saltlen, byte[] hash, long hashlen);

        @Override
        public byte[] hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
            byte[] out = new byte[length];
            int status = argon2id_hash_raw(iterations, memoryKib, parallelism, password, password.length, salt,
                    salt.length, out, out.length);
            if (status != 0) { // ARGON2_OK
                throw new IllegalStateException("libargon2 failed with status " + status);
            }
            return out;
        }

        @Override
        public String name() {
            return "libargon2 (native)";
        }
    }
}
