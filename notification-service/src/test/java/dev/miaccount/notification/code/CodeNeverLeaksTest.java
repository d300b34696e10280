package dev.miaccount.notification.code;

import static dev.miaccount.notification.support.Accounts.INTERNAL_TOKEN;
import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.contactChanged;
import static dev.miaccount.notification.support.Accounts.contactChangeRequested;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.profileUpdated;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A whole reset, and a whole contact change, sent and checked: the code is in the message and nowhere else — no
 * log line, no Kafka record (dead-letter topics included); nor is the service credential ever logged.
 */
@QuarkusTest
class CodeNeverLeaksTest {

    private static final List<String> TOPICS = List.of(Topics.ACCOUNT_EVENTS, Topics.NOTIFICATION_EVENTS,
            Topics.DEVICE_EVENTS, "account-events.notification-service.dlq", "device-events.notification-service.dlq");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message != null) {
                try {
                    message = String.format(message, record.getParameters());
                } catch (RuntimeException e) {
                    message = message + " " + List.of(record.getParameters());
                }
            }
            lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void theCodeOfAResetIsInNoLogLineAndNoRecordOnAnyTopic() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);
        assertThat(check(resetId, accountId, wrong(code))).isEqualTo("INVALID");
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
        await().atMost(PATIENCE).until(() -> notifications(accountId).size() == 2);

        assertNowhere(code, accountId, resetId, "VERIFICATION_CODE");
    }

    @Test
    void theCodeOfAContactChangeIsInNoLogLineAndNoRecordOnAnyTopic() {
        String accountId = newAccountId();
        String email = "leak-" + accountId + "@example.com";
        registered(accountId, email, phoneOf(accountId));
        String newPhone = "+86188" + accountId.substring(2);
        String changeId = contactChangeRequested(accountId, "SMS", newPhone);
        String code = awaitCode(newPhone, 1);
        assertThat(check(changeId, accountId, wrong(code), "CONTACT_CHANGE")).isEqualTo("INVALID");
        assertThat(check(changeId, accountId, code, "CONTACT_CHANGE")).isEqualTo("VALID");
        contactChanged(accountId, changeId, "SMS", UUID.randomUUID().toString());
        profileUpdated(accountId, email, newPhone, "phone");
        await().atMost(PATIENCE).until(() -> notifications(accountId).stream()
                .anyMatch(n -> "CONTACT_CHANGED".equals(n.get("reason"))));

        assertNowhere(code, accountId, changeId, "CONTACT_CHANGED");
        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            List<Received> announced = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key())).toList(),
                    list -> list.stream().anyMatch(r -> r.value().contains("CONTACT_CHANGED")));
            assertThat(announced).as("the new phone is announced masked only")
                    .noneMatch(r -> r.value().contains(newPhone));
        }
    }

    /** The code in no captured log line and no record of the account, and no hash input on any topic. */
    private void assertNowhere(String code, String accountId, String requestId, String lastAnnounced) {
        Pattern leak = Pattern.compile("(?<![0-9])" + code + "(?![0-9])");
        assertThat(lines).as("log lines").isNotEmpty().noneMatch(line -> leak.matcher(line).find())
                .noneMatch(line -> line.contains(INTERNAL_TOKEN));
        try (TopicReader reader = new TopicReader(TOPICS)) {
            List<Received> ofAccount = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key())).toList(),
                    list -> list.stream().anyMatch(r -> r.value().contains(lastAnnounced)));
            assertThat(ofAccount).noneMatch(r -> leak.matcher(r.value()).find()
                    || r.headers().values().stream().anyMatch(h -> h != null && leak.matcher(h).find()));
            assertThat(reader.poll()).noneMatch(r -> r.value() != null && r.value().contains(requestId + ":"));
        }
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
