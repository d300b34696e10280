package dev.miaccount.notification.code;

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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;

/** A whole reset, sent and checked: the code is in the SMS and nowhere else — no log line, no Kafka record. */
@QuarkusTest
class CodeNeverLeaksTest {

    @Test
    void theCodeIsInNoLogLineAndNoRecordOnAnyTopic() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
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
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String accountId = newAccountId();
            String phone = phoneOf(accountId);
            registered(accountId, null, phone);
            String resetId = resetRequested(accountId);
            String code = awaitCode(phone, 1);
            String wrong = code.equals("000000") ? "111111" : "000000";
            assertThat(check(resetId, accountId, wrong)).isEqualTo("INVALID");
            assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
            await().atMost(PATIENCE).until(() -> notifications(accountId).size() == 2);

            Pattern leak = Pattern.compile("(?<![0-9])" + code + "(?![0-9])");
            assertThat(lines).as("log lines").isNotEmpty().noneMatch(line -> leak.matcher(line).find());
            try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS, Topics.NOTIFICATION_EVENTS,
                    Topics.DEVICE_EVENTS, "account-events.notification-service.dlq",
                    "device-events.notification-service.dlq"))) {
                List<Received> ofAccount = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                        .filter(r -> accountId.equals(r.key())).toList(),
                        list -> list.stream().anyMatch(r -> r.value().contains("VERIFICATION_CODE")));
                assertThat(ofAccount).noneMatch(r -> leak.matcher(r.value()).find()
                        || r.headers().values().stream().anyMatch(h -> h != null && leak.matcher(h).find()));
                assertThat(reader.poll()).noneMatch(r -> r.value() != null && r.value().contains(resetId + ":"));
            }
        } finally {
            root.removeHandler(capture);
        }
    }
}
