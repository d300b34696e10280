package dev.miaccount.notification.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps a waiting delivery's message (destination, subject, body: perhaps a verification code) unreadable at rest:
 * AES-256-GCM under {@code miaccount.delivery.encryption-key} (base64 of 32 random bytes, the same in every
 * replica), a fresh 96-bit nonce per message, and the delivery id as associated data, so a stored message opens
 * only as the delivery it was written for. The stored form is {@code version (1) | nonce (12) | ciphertext+tag};
 * beside it the delivery keeps the key's id ({@link #keyId()}, a digest that reveals nothing of the key) so that a
 * message under a key this process does not hold is recognised as unrecoverable instead of failing to decrypt.
 *
 * <p>Keys listed in {@code miaccount.delivery.previous-encryption-keys} still open what they sealed (a key change
 * with deliveries waiting); new messages are sealed with the current key only. Without a configured key the
 * service refuses to start when a real gateway is configured, except in dev and test mode, where it makes a random
 * key for this process and warns: what such a process leaves waiting cannot be sent by the next one, which marks it
 * FAILED. With no real gateway (the sandbox inbox only) nothing is ever sealed, and no key is needed.
 */
@ApplicationScoped
public class DeliveryCipher {

    static final int KEY_BYTES = 32;
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored message that this process cannot open: the key is unknown, or it was altered. */
    public static class UnreadableMessage extends Exception {
        UnreadableMessage(String why) {
            super(why, null, false, false);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;
    private final String keyId;
    private final Map<String, SecretKey> readable = new LinkedHashMap<>();
    private final boolean ephemeral;
    private final boolean sealsNothing;

    @Inject
    public DeliveryCipher(@ConfigProperty(name = "miaccount.delivery.encryption-key") Optional<String> key,
            @ConfigProperty(name = "miaccount.delivery.previous-encryption-keys") Optional<List<String>> previous,
            Gateways gateways) {
        this(key, previous.orElse(List.of()), LaunchMode.current().isDevOrTest() || !gateways.anyReal(),
                !gateways.anyReal());
    }

    DeliveryCipher(Optional<String> configured, List<String> previous, boolean ephemeralAllowed) {
        this(configured, previous, ephemeralAllowed, false);
    }

    /**
     * @param ephemeralAllowed whether a missing key may be replaced by a random one for this process (dev and
     *                         test mode, or no real gateway)
     * @param sealsNothing     no real gateway is configured: nothing will be sealed
     */
    private DeliveryCipher(Optional<String> configured, List<String> previous, boolean ephemeralAllowed,
            boolean sealsNothing) {
        this.sealsNothing = sealsNothing;
        Optional<String> given = configured.map(String::trim).filter(value -> !value.isEmpty());
        if (given.isPresent()) {
            this.key = decode(given.get(), "miaccount.delivery.encryption-key");
            this.ephemeral = false;
        } else if (ephemeralAllowed) {
            byte[] bytes = new byte[KEY_BYTES];
            random.nextBytes(bytes);
            this.key = new SecretKeySpec(bytes, "AES");
            this.ephemeral = true;
        } else {
            throw new IllegalStateException("miaccount.delivery.encryption-key (MIACCOUNT_DELIVERY_ENCRYPTION_KEY) is"
                    + " not set, and a real gateway is (miaccount.sms.gateway=http or miaccount.email.smtp.enabled):"
                    + " it must be the base64 of " + KEY_BYTES + " random bytes, the same in every replica (for"
                    + " example: openssl rand -base64 32)");
        }
        this.keyId = idOf(key);
        readable.put(keyId, key);
        for (String old : previous) {
            if (!old.isBlank()) {
                SecretKey oldKey = decode(old.trim(), "miaccount.delivery.previous-encryption-keys");
                readable.putIfAbsent(idOf(oldKey), oldKey);
            }
        }
    }

    void announce(@Observes StartupEvent event) {
        if (ephemeral && !sealsNothing) {
            Log.warnf("miaccount.delivery.encryption-key is not set: waiting deliveries are encrypted under a random"
                    + " key of this process (allowed in dev and test mode only); what it leaves unsent cannot be sent"
                    + " after a restart and becomes FAILED");
        }
    }

    /** The id stored beside each sealed message: which key sealed it. */
    public String keyId() {
        return keyId;
    }

    /** Whether this process can open what the key with this id sealed. */
    public boolean canOpen(String storedKeyId) {
        return storedKeyId != null && readable.containsKey(storedKeyId);
    }

    /** The message as it is stored for delivery {@code deliveryId}, under the current key. */
    public byte[] seal(UUID deliveryId, OutboundMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("channel", message.channel().name());
        fields.put("to", message.to());
        fields.put("subject", message.subject());
        fields.put("body", message.body());
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] plain = JSON.writeValueAsBytes(fields);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(deliveryId));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("the message could not be encrypted: " + e.getClass().getSimpleName());
        }
    }

    /** The message stored for {@code deliveryId} under the key {@code storedKeyId}. */
    public OutboundMessage open(UUID deliveryId, String storedKeyId, byte[] stored) throws UnreadableMessage {
        SecretKey sealedWith = storedKeyId == null ? null : readable.get(storedKeyId);
        if (sealedWith == null) {
            throw new UnreadableMessage("encrypted under a key this service does not hold");
        }
        if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
            throw new UnreadableMessage("the stored message is not in a known form");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, sealedWith, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(deliveryId));
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            Map<?, ?> fields = JSON.readValue(plain, Map.class);
            return new OutboundMessage(Channel.valueOf((String) fields.get("channel")), (String) fields.get("to"),
                    (String) fields.get("subject"), (String) fields.get("body"));
        } catch (GeneralSecurityException e) {
            throw new UnreadableMessage("the stored message does not decrypt (altered, or of another delivery)");
        } catch (java.io.IOException | RuntimeException e) {
            throw new UnreadableMessage("the stored message is not in a known form");
        }
    }

    private static byte[] associatedData(UUID deliveryId) {
        return ("mi-account delivery " + deliveryId).getBytes(StandardCharsets.US_ASCII);
    }

    private static SecretKey decode(String value, String name) {
        byte[] bytes;
        try {
            bytes = value.indexOf('-') >= 0 || value.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(name + " must be the base64 of " + KEY_BYTES + " bytes, not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String idOf(SecretKey key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("mi-account delivery key id ".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest(key.getEncoded()), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DeliveryCipher[key " + keyId + (ephemeral ? ", random for this process" : "") + "]";
    }
}
