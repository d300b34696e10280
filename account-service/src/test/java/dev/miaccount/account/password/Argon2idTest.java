package dev.miaccount.account.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * libargon2 and Bouncy Castle are interchangeable: a hash made by either verifies with the other. Where libargon2 is
 * not installed (it is on the Debian machines that run the product) the tests that need it are skipped, and auto
 * uses Bouncy Castle; a hash stored before the switch verifies either way.
 */
class Argon2idTest {

    private static void assumeLibargon2() {
        boolean loads;
        try {
            Argon2id.select("native");
            loads = true;
        } catch (RuntimeException | LinkageError e) {
            loads = false;
        }
        // CI installs it (.ci/run): there a missing library is a failure, not a skip
        if ("true".equals(System.getenv("CI"))) {
            assertThat(loads).as("libargon2 loads (apt-get install libargon2-1)").isTrue();
        }
        assumeTrue(loads, "libargon2 is not installed here");
    }

    private static PasswordHasher hasher(String engine) {
        return new PasswordHasher(new HashingPool(1, 0, new SimpleMeterRegistry()), 7168, 5, 1, engine);
    }

    @Test
    void autoPicksLibargon2WhereItIsInstalled() {
        assumeLibargon2();
        assertThat(hasher("auto").engine()).isEqualTo("libargon2 (native)");
    }

    @Test
    void hashesOfEitherEngineVerifyWithTheOther() {
        assumeLibargon2();
        PasswordHasher nativeHasher = hasher("native");
        PasswordHasher javaHasher = hasher("bouncy-castle");
        String byNative = nativeHasher.hash("correct horse battery");
        String byJava = javaHasher.hash("correct horse battery");

        assertThat(javaHasher.verify("correct horse battery", byNative)).isTrue();
        assertThat(nativeHasher.verify("correct horse battery", byJava)).isTrue();
        assertThat(nativeHasher.verify("correct horse batterY", byJava)).isFalse();
    }

    @Test
    void aHashStoredBeforeTheSwitchStillVerifies() {
        // made with Bouncy Castle's Argon2id, as PasswordHasher stored hashes before libargon2 (fixed salt)
        String stored = "$argon2id$v=19$m=7168,t=5,p=1$Zml4ZWQtc2FsdC0xNmJ5dA$0iFJ0ryU19p9IX3Sq3e9u1lx2titblx8ViqBP6zxTas";
        assertThat(hasher("bouncy-castle").verify("ünïcödé pässwörd", stored)).isTrue();
        assertThat(hasher("auto").verify("ünïcödé pässwörd", stored)).isTrue();
        assertThat(hasher("auto").verify("unicode passwort", stored)).isFalse();
    }
}
