package dev.miaccount.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.notification.delivery.DeliveryCipher.UnreadableMessage;

/** A waiting message at rest: AES-GCM under the configured key, bound to its delivery, nothing readable. */
class DeliveryCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(
            "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString(
            "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    private static final OutboundMessage CODE = new OutboundMessage(Channel.EMAIL, "mi.fan@example.com",
            "Your Mi Account verification code", "Hello,\n\nYour Mi Account verification code is 493817.");

    private final DeliveryCipher cipher = new DeliveryCipher(Optional.of(KEY), List.of(), false);

    @Test
    void aSealedMessageOpensAsItWasAndHoldsNothingReadable() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] sealed = cipher.seal(id, CODE);

        String raw = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("493817").doesNotContain("mi.fan").doesNotContain("verification");
        assertThat(cipher.open(id, cipher.keyId(), sealed)).isEqualTo(CODE);
        assertThat(cipher.seal(id, CODE)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aSealedMessageOpensOnlyAsItsOwnDeliveryAndUnaltered() {
        UUID id = UUID.randomUUID();
        byte[] sealed = cipher.seal(id, CODE);

        assertThatThrownBy(() -> cipher.open(UUID.randomUUID(), cipher.keyId(), sealed))
                .isInstanceOf(UnreadableMessage.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(id, cipher.keyId(), altered)).isInstanceOf(UnreadableMessage.class);
    }

    @Test
    void aMessageUnderAKeyThisProcessDoesNotHoldIsUnreadableUnlessThatKeyIsAPreviousOne() throws Exception {
        DeliveryCipher other = new DeliveryCipher(Optional.of(OTHER_KEY), List.of(), false);
        UUID id = UUID.randomUUID();
        byte[] sealed = other.seal(id, CODE);

        assertThat(other.keyId()).isNotEqualTo(cipher.keyId()).hasSize(16).doesNotContain(OTHER_KEY);
        assertThat(cipher.canOpen(other.keyId())).isFalse();
        assertThatThrownBy(() -> cipher.open(id, other.keyId(), sealed)).isInstanceOf(UnreadableMessage.class)
                .hasMessage("encrypted under a key this service does not hold");

        DeliveryCipher rotated = new DeliveryCipher(Optional.of(KEY), List.of(OTHER_KEY), false);
        assertThat(rotated.keyId()).isEqualTo(cipher.keyId());
        assertThat(rotated.open(id, other.keyId(), sealed)).isEqualTo(CODE);
    }

    @Test
    void withoutAKeyOnlyDevAndTestModeMakeARandomOne() {
        assertThatThrownBy(() -> new DeliveryCipher(Optional.empty(), List.of(), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MIACCOUNT_DELIVERY_ENCRYPTION_KEY");
        assertThatThrownBy(() -> new DeliveryCipher(Optional.of(" "), List.of(), false))
                .isInstanceOf(IllegalStateException.class);

        DeliveryCipher first = new DeliveryCipher(Optional.empty(), List.of(), true);
        DeliveryCipher second = new DeliveryCipher(Optional.empty(), List.of(), true);
        assertThat(first.keyId()).as("one key per process").isNotEqualTo(second.keyId());
        assertThat(first.toString()).contains("random for this process");
    }

    @Test
    void withNoRealGatewayNothingIsSealedAndNoKeyIsNeeded() {
        Gateways sandboxOnly = new Gateways("sandbox", false, null, null);
        assertThat(new DeliveryCipher(Optional.empty(), Optional.empty(), sandboxOnly).keyId()).hasSize(16);
    }

    @Test
    void aKeyMustBeBase64Of32Bytes() {
        assertThatThrownBy(() -> new DeliveryCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[16])),
                List.of(), false)).isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes, not 16");
        assertThatThrownBy(() -> new DeliveryCipher(Optional.of("not base64!"), List.of(), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not base64");
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {
                -1, -2, -3, -4, -5, -6, -7, -8, -1, -2, -3, -4, -5, -6, -7, -8,
                -1, -2, -3, -4, -5, -6, -7, -8, -1, -2, -3, -4, -5, -6, -7, -8});
        assertThat(new DeliveryCipher(Optional.of(urlSafe), List.of(), false).keyId()).hasSize(16);
    }
}
