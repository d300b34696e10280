package dev.miaccount.notification.delivery;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import com.icegreen.greenmail.util.GreenMailUtil;

import dev.miaccount.notification.support.FakeSmsProvider;
import dev.miaccount.notification.support.Mailbox;
import dev.miaccount.notification.support.RealDeliveryProfile;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The real gateways, used after the delivery row is committed: an SMS provider over HTTP (a local fake) and an
 * SMTP server (GreenMail).
 */
@QuarkusTest
@TestProfile(RealDeliveryProfile.class)
class RealDeliveryTest {

    private final FakeSmsProvider provider = FakeSmsProvider.get();

    @Test
    void theCodeGoesToTheSmsProviderWithItsApiKeyAndTheDeliveryIsSent() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);

        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1); // the sandbox inbox still has it while the sandbox is on

        FakeSmsProvider.Request sms = await().atMost(PATIENCE).until(() -> provider.to(phone).stream()
                .filter(r -> r.text().contains("verification code")).findFirst().orElse(null), r -> r != null);
        assertThat(sms.authorization()).isEqualTo("Bearer " + RealDeliveryProfile.API_KEY);
        assertThat(sms.text()).isEqualTo("Your Mi Account verification code is " + code
                + ". It expires in 10 minutes.");
        await().atMost(PATIENCE).until(() -> codeDelivery(accountId) != null
                && "SENT".equals(codeDelivery(accountId).get("status")));
        assertThat(codeDelivery(accountId).get("sentAt")).isNotNull();
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
    }

    @Test
    void aProviderThatAnswers500IsTriedThreeTimesThenTheDeliveryFails() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        provider.failFor(phone);
        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            registered(accountId, null, phone);
            resetRequested(accountId);

            await().atMost(PATIENCE).until(() -> codeDelivery(accountId) != null
                    && "FAILED".equals(codeDelivery(accountId).get("status")));
            long codeAttempts = provider.to(phone).stream().filter(r -> r.text().contains("verification code"))
                    .count();
            assertThat(codeAttempts).isEqualTo(3);
            List<Received> failed = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key()))
                    .filter(r -> EventTypes.NOTIFICATION_FAILED.equals(r.header("ce_type")))
                    .filter(r -> r.value().contains("VERIFICATION_CODE")).toList(), list -> !list.isEmpty());
            assertThat(failed.get(0).value()).contains("\"status\":\"FAILED\"").doesNotContain(phone);
        }
    }

    @Test
    void anAccountWithoutPhoneGetsItsCodeByEmailThroughTheSmtpServer() throws Exception {
        String accountId = newAccountId();
        String email = "smtp-" + accountId + "@example.com";
        registered(accountId, email, null);

        String resetId = resetRequested(accountId);
        String code = awaitCode(email, 1);

        MimeMessage mail = await().atMost(PATIENCE).until(() -> Arrays.stream(Mailbox.get().greenMail()
                .getReceivedMessagesForDomain(email)).filter(m -> subject(m).contains("verification code"))
                .findFirst().orElse(null), m -> m != null);
        assertThat(mail.getSubject()).isEqualTo("Your Mi Account verification code");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(email);
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@mi-account.dev");
        assertThat(GreenMailUtil.getBody(mail)).contains("Your Mi Account verification code is " + code);
        await().atMost(PATIENCE).until(() -> codeDelivery(accountId) != null
                && "SENT".equals(codeDelivery(accountId).get("status")));
        assertThat(codeDelivery(accountId)).containsEntry("channel", "EMAIL");
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    private static Map<String, Object> codeDelivery(String accountId) {
        return notifications(accountId).stream().filter(n -> "VERIFICATION_CODE".equals(n.get("kind"))).findFirst()
                .orElse(null);
    }
}
