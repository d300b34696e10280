package dev.miaccount.notification.delivery;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.passwordChanged;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.notification.support.FakeSmsProvider;
import dev.miaccount.notification.support.Mailbox;
import dev.miaccount.notification.support.RealDeliveryProfile;
import dev.miaccount.testing.MutableClock;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The real gateways behind the durable delivery job: an SMS provider over HTTP (a local fake that dedups by
 * Idempotency-Key) and an SMTP server (GreenMail). "Once" is asserted only after a later marker delivery went
 * through the same dispatcher, so a late repeat would be seen.
 */
@QuarkusTest
@TestProfile(RealDeliveryProfile.class)
class RealDeliveryTest {

    private static final String CODE_TEXT = "verification code";

    private final FakeSmsProvider provider = FakeSmsProvider.get();

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void theCodeGoesToTheSmsProviderWithItsApiKeyAndItsDeliveryIdAsIdempotencyKey() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, "sms-" + accountId + "@example.com", phone);

        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1); // the sandbox inbox still has it while the sandbox is on

        UUID id = awaitCodeDelivery(accountId, "SENT");
        FakeSmsProvider.Request sms = provider.to(phone).get(0);
        assertThat(sms.authorization()).isEqualTo("Bearer " + RealDeliveryProfile.API_KEY);
        assertThat(sms.idempotencyKey()).isEqualTo(id.toString());
        assertThat(sms.text()).isEqualTo("Your Mi Account verification code is " + code
                + ". It expires in 10 minutes.");
        assertThat(codeDelivery(accountId).get("sentAt")).isNotNull();
        assertThat(stored(id).erased()).as("the sealed message is erased once SENT").isTrue();
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
    }

    @Test
    void aProviderThatAnswers500IsTriedAgainWithTheSameKeyUntilItTakesTheMessage() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, "retry-" + accountId + "@example.com", phone);
        provider.failFirst(phone, 2);

        resetRequested(accountId);
        UUID id = awaitCodeDelivery(accountId, "SENT");
        sendMarkerAndAwaitIt();

        assertThat(provider.to(phone)).hasSize(3).allSatisfy(r -> assertThat(r.idempotencyKey())
                .isEqualTo(id.toString()));
        assertThat(provider.delivered(phone)).hasSize(1);
        Stored row = stored(id);
        assertThat(row.attempts()).isEqualTo(3);
        assertThat(row.erased()).isTrue();
    }

    @Test
    void anAnswerLostToTheReadTimeoutIsRetriedWithTheSameKeyAndTheProviderSendsOneSms() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, "late-" + accountId + "@example.com", phone);
        provider.answerLateFor(phone, Duration.ofSeconds(3)); // the client gives up after 1 s

        resetRequested(accountId);
        UUID id = awaitCodeDelivery(accountId, "SENT");
        sendMarkerAndAwaitIt();

        List<FakeSmsProvider.Request> requests = provider.withKey(id.toString());
        assertThat(requests).as("the timed-out request and its retry, with one key").hasSizeGreaterThanOrEqualTo(2);
        assertThat(provider.to(phone)).hasSameSizeAs(requests);
        assertThat(provider.delivered(phone)).as("the provider dedups by the key: one SMS").hasSize(1);
        assertThat(stored(id).attempts()).isEqualTo(requests.size());
    }

    @Test
    void aProviderThatRefusesTheMessageWith4xxIsNotAskedAgainAndTheDeliveryFails() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, "refused-" + accountId + "@example.com", phone);
        provider.rejectFor(phone, 400);
        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            resetRequested(accountId);
            UUID id = awaitCodeDelivery(accountId, "FAILED");
            sendMarkerAndAwaitIt();

            assertThat(provider.to(phone)).hasSize(1);
            Stored row = stored(id);
            assertThat(row.failureReason()).isEqualTo("SMS gateway refused the message: 400");
            assertThat(row.erased()).isTrue();
            List<Received> failed = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key()))
                    .filter(r -> EventTypes.NOTIFICATION_FAILED.equals(r.header("ce_type")))
                    .filter(r -> r.value().contains(id.toString())).toList(), list -> !list.isEmpty());
            assertThat(failed.get(0).value()).contains("\"status\":\"FAILED\"").doesNotContain(phone);
        }
    }

    @Test
    void aCodeNotSentWithinItsLifetimeFailsWhileAnAlertIsTriedForLonger() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        provider.failFor(phone); // down for good: the welcome, the code and the alert all wait
        registered(accountId, null, phone);
        resetRequested(accountId);
        passwordChanged(accountId, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        UUID code = await().atMost(PATIENCE).until(() -> deliveryId(accountId, "VERIFICATION_CODE"), id -> id != null);
        UUID alert = await().atMost(PATIENCE).until(() -> deliveryId(accountId, "SECURITY_ALERT"), id -> id != null);
        await().atMost(PATIENCE).until(() -> provider.withKey(code.toString()).size() >= 2
                && !provider.withKey(alert.toString()).isEmpty());

        MutableClock.INSTANCE.advance(Duration.ofMinutes(11)); // past the code's 10 minutes
        await().atMost(PATIENCE).until(() -> "FAILED".equals(stored(code).status()));
        Stored failedCode = stored(code);
        assertThat(failedCode.failureReason()).startsWith("not sent before its deadline")
                .contains("SMS gateway answered 500");
        assertThat(failedCode.erased()).isTrue();
        int codeRequests = provider.withKey(code.toString()).size();
        int alertRequests = provider.withKey(alert.toString()).size();
        await().atMost(PATIENCE).until(() -> provider.withKey(alert.toString()).size() > alertRequests);
        assertThat(stored(alert).status()).as("an alert may wait up to miaccount.delivery.max-age").isEqualTo("PENDING");
        assertThat(stored(alert).erased()).isFalse();
        assertThat(provider.withKey(code.toString())).hasSize(codeRequests);

        MutableClock.INSTANCE.advance(Duration.ofHours(24));
        await().atMost(PATIENCE).until(() -> "FAILED".equals(stored(alert).status()));
        assertThat(stored(alert).erased()).isTrue();
        assertThat(provider.delivered(phone)).isEmpty();
    }

    @Test
    void aDeliveryLeftPendingByACrashedProcessIsSentOnceByThisOne() {
        // What a process that crashed after the commit (or while sending) leaves: a PENDING row holding its sealed
        // message, claimed once (attempts 1) by a lease that has run out. A process with the same key sends it.
        String accountId = newAccountId();
        String phone = "+86139" + accountId.substring(2);
        UUID id = UUID.randomUUID();
        String flowId = UUID.randomUUID().toString();
        OutboundMessage message = new OutboundMessage(Channel.SMS, phone, null,
                "Your Mi Account verification code is 271828. It expires in 10 minutes.");
        DeliveryCipher sameKey = new DeliveryCipher(Optional.of(RealDeliveryProfile.ENCRYPTION_KEY), List.of(),
                false);
        Instant now = MutableClock.INSTANCE.instant();
        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            insertLeftPending(id, accountId, phone, flowId, sameKey.keyId(), sameKey.seal(id, message),
                    now.minusSeconds(40), now.minusSeconds(5), now.plus(Duration.ofMinutes(9)));

            await().atMost(PATIENCE).until(() -> "SENT".equals(stored(id).status()));
            sendMarkerAndAwaitIt();

            assertThat(provider.withKey(id.toString())).hasSize(1);
            assertThat(provider.delivered(phone)).singleElement()
                    .satisfies(sms -> assertThat(sms.text()).isEqualTo(message.body()));
            assertThat(stored(id).attempts()).isEqualTo(2);
            assertThat(stored(id).erased()).isTrue();
            Received sent = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> EventTypes.NOTIFICATION_SENT.equals(r.header("ce_type")))
                    .filter(r -> r.value().contains(id.toString())).findFirst().orElse(null), r -> r != null);
            assertThat(sent.header("ce_flowid")).as("announced in the flow that asked for it").isEqualTo(flowId);
            assertThat(sent.value()).doesNotContain("271828").doesNotContain(phone);
        }
    }

    @Test
    void aDeliveryThisProcessCannotDecryptFailsAsUnrecoverableAndIsNotSent() {
        // A process with a random key of its own (dev or test mode), or a key since removed from the configuration,
        // left these; and one was left by the version that kept the message in memory only.
        String accountId = newAccountId();
        String phone = "+86136" + accountId.substring(2);
        UUID otherKey = UUID.randomUUID();
        UUID noMessage = UUID.randomUUID();
        DeliveryCipher randomKey = new DeliveryCipher(Optional.empty(), List.of(), true);
        Instant now = MutableClock.INSTANCE.instant();
        insertLeftPending(otherKey, accountId, phone, null, randomKey.keyId(), randomKey.seal(otherKey,
                new OutboundMessage(Channel.SMS, phone, null, "Mi Account security alert: unreadable")),
                now.minusSeconds(10), now.minusSeconds(10), now.plus(Duration.ofHours(1)));
        insertLeftPending(noMessage, accountId, phone, null, null, null, now.minusSeconds(10), now.minusSeconds(10),
                now.minusSeconds(10)); // as the migration leaves such a row

        await().atMost(PATIENCE).until(() -> "FAILED".equals(stored(otherKey).status())
                && "FAILED".equals(stored(noMessage).status()));
        sendMarkerAndAwaitIt();

        assertThat(stored(otherKey).failureReason())
                .isEqualTo("unrecoverable: encrypted under a key this service does not hold");
        assertThat(stored(otherKey).erased()).isTrue();
        assertThat(stored(noMessage).failureReason())
                .isEqualTo("unrecoverable: its message was not stored (left by an older version)");
        assertThat(provider.to(phone)).isEmpty();
    }

    @Test
    void anAccountWithoutPhoneGetsItsCodeByEmailWithTheDeliveryIdAsMessageId() throws Exception {
        String accountId = newAccountId();
        String email = "smtp-" + accountId + "@example.com";
        registered(accountId, email, null);

        String resetId = resetRequested(accountId);
        String code = awaitCode(email, 1);

        MimeMessage mail = await().atMost(PATIENCE).until(() -> Arrays.stream(Mailbox.get().greenMail()
                .getReceivedMessagesForDomain(email)).filter(m -> subject(m).contains(CODE_TEXT))
                .findFirst().orElse(null), m -> m != null);
        UUID id = awaitCodeDelivery(accountId, "SENT");
        assertThat(mail.getMessageID()).isEqualTo("<" + id + "@mi-account.dev>");
        assertThat(mail.getSubject()).isEqualTo("Your Mi Account verification code");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(email);
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@mi-account.dev");
        assertThat(GreenMailUtil.getBody(mail)).contains("Your Mi Account verification code is " + code);
        assertThat(codeDelivery(accountId)).containsEntry("channel", "EMAIL");
        assertThat(stored(id).erased()).isTrue();
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
    }

    /** A code to a fresh account's phone, through the same dispatcher, sent: whatever came before has had its turn. */
    private void sendMarkerAndAwaitIt() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, "marker-" + accountId + "@example.com", phone);
        resetRequested(accountId);
        awaitCodeDelivery(accountId, "SENT");
        assertThat(provider.delivered(phone)).hasSize(1);
    }

    private static UUID awaitCodeDelivery(String accountId, String status) {
        await().atMost(PATIENCE).until(() -> codeDelivery(accountId) != null
                && status.equals(codeDelivery(accountId).get("status")));
        return UUID.fromString((String) codeDelivery(accountId).get("id"));
    }

    private static Map<String, Object> codeDelivery(String accountId) {
        return notifications(accountId).stream().filter(n -> "VERIFICATION_CODE".equals(n.get("kind"))).findFirst()
                .orElse(null);
    }

    private static UUID deliveryId(String accountId, String kind) {
        return notifications(accountId).stream().filter(n -> kind.equals(n.get("kind")))
                .map(n -> UUID.fromString((String) n.get("id"))).findFirst().orElse(null);
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            return "";
        }
    }

    /** A delivery row as the database holds it. */
    private record Stored(String status, String failureReason, int attempts, boolean erased) {
    }

    private Stored stored(UUID id) {
        Row row = pool.preparedQuery("SELECT status, failure_reason, attempts,"
                + " payload IS NULL AND payload_key_id IS NULL AS erased FROM delivery WHERE id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        return new Stored(row.getString("status"), row.getString("failure_reason"), row.getInteger("attempts"),
                row.getBoolean("erased"));
    }

    private void insertLeftPending(UUID id, String accountId, String phone, String flowId, String keyId,
            byte[] sealed, Instant createdAt, Instant leaseEnded, Instant expiresAt) {
        pool.preparedQuery("""
                INSERT INTO delivery (id, account_id, kind, reason, channel, masked_destination, status, created_at,
                    payload, payload_key_id, flow_id, attempts, next_attempt_at, expires_at)
                VALUES ($1, $2, 'VERIFICATION_CODE', 'PASSWORD_RESET', 'SMS', $3, 'PENDING', $4, $5, $6, $7, 1, $8, $9)
                """).execute(Tuple.of(id, accountId, Masking.mask(Channel.SMS, phone),
                createdAt.atOffset(ZoneOffset.UTC))
                .addValue(sealed == null ? null : io.vertx.core.buffer.Buffer.buffer(sealed)).addValue(keyId)
                .addValue(flowId).addValue(leaseEnded.atOffset(ZoneOffset.UTC))
                .addValue(expiresAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(Duration.ofSeconds(10));
    }
}
