package dev.miaccount.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data (an email, a phone number, a name) travels in events only sealed under its account's own data key
 * (AES-256-GCM, the accountId as associated data, so a sealed value cannot be passed off as another account's).
 * account-service holds the keys and destroys one when its account is erased: from then on every retained record,
 * replay or dead letter that carried that account's data is unreadable (crypto-shredding). The sealed form is
 * {@code "A256GCM." + base64(nonce ‖ ciphertext ‖ tag)}; what is sealed is the JSON of a payload's personal part.
 */
public final class PersonalData {

    public static final int KEY_BYTES = 32;
    private static final String PREFIX = "A256GCM.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonalData() {
    }

    /** A new account's data key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static String seal(byte[] key, String accountId, String json) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, accountId, nonce)
                    .doFinal(json.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * @return the JSON that was sealed
     * @throws IllegalArgumentException when {@code sealed} is not in the sealed form, or was not sealed under this
     *                                  key for this account
     */
    public static String open(byte[] key, String accountId, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not sealed personal data");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed personal data is not base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("sealed personal data is too short");
        }
        byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
        try {
            byte[] plain = cipher(Cipher.DECRYPT_MODE, key, accountId, nonce)
                    .doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed personal data does not open with this account's key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, String accountId, byte[] nonce) throws GeneralSecurityException {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key has " + KEY_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
