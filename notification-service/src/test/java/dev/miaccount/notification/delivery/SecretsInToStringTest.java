package dev.miaccount.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.notification.code.CheckResource.CheckRequest;
import dev.miaccount.notification.code.CodePurpose;
import dev.miaccount.notification.sandbox.SandboxResource.SandboxMessageView;

/** Records that hold a code or a message body print neither (nor a full destination) in toString. */
class SecretsInToStringTest {

    private static final String CODE = "493817";

    @Test
    void anOutboundMessagePrintsNoBodyAndAMaskedDestination() {
        OutboundMessage sms = new OutboundMessage(Channel.SMS, "+8613800138000", null,
                "Your Mi Account verification code is " + CODE + ".");
        OutboundMessage mail = new OutboundMessage(Channel.EMAIL, "mi.fan@example.com", "Your code",
                "Hello,\n\nYour Mi Account verification code is " + CODE + ".");

        assertThat(sms.toString()).doesNotContain(CODE).doesNotContain("+8613800138000").contains("+86*******8000");
        assertThat(mail.toString()).doesNotContain(CODE).doesNotContain("mi.fan@").contains("m***@example.com");
        DeliveryCipher cipher = new DeliveryCipher(Optional.empty(), List.of(), true);
        UUID id = UUID.randomUUID();
        assertThat(new DeliveryDispatcher.Job(id, Channel.SMS, 1, Instant.now(), cipher.keyId(), cipher.seal(id, sms))
                .toString()).doesNotContain(CODE).doesNotContain("+8613800138000");
        assertThat(cipher.toString()).doesNotContain(CODE);
    }

    @Test
    void aCheckRequestPrintsNoCode() {
        assertThat(new CheckRequest("1234567890", CODE, CodePurpose.CONTACT_CHANGE).toString())
                .doesNotContain(CODE).contains("1234567890").contains("CONTACT_CHANGE");
    }

    @Test
    void aSandboxMessagePrintsNoBody() {
        assertThat(new SandboxMessageView("+8613800138000", "SMS", null, "Your Mi Account verification code is "
                + CODE + ".", Instant.now()).toString()).doesNotContain(CODE).doesNotContain("+8613800138000");
    }
}
