package dev.miaccount.notification.code;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.codes;
import static dev.miaccount.notification.support.Accounts.contactChangeRequested;
import static dev.miaccount.notification.support.Accounts.inbox;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.testing.MutableClock;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/**
 * account-service's contact change, as notification-service sees it: a code to the NEW address, bound to the
 * changeId, made and checked exactly like a reset's, and independent of the account's reset codes.
 */
@QuarkusTest
class ContactChangeCodeTest {

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void aNewPhoneGetsASixDigitCodeBySmsWhichIsCheckedOnceByChangeId() {
        String accountId = newAccountId();
        String oldPhone = phoneOf(accountId);
        registered(accountId, "owner-" + accountId + "@example.com", oldPhone);
        String newPhone = "+86158" + accountId.substring(2);

        String changeId = contactChangeRequested(accountId, "SMS", newPhone);
        String code = awaitCode(newPhone, 1);

        assertThat(inbox(newPhone).get(0)).containsEntry("channel", "SMS").containsEntry("body",
                "Your Mi Account verification code is " + code + ". It expires in 10 minutes. It makes this number"
                        + " the phone of a Mi Account.");
        assertThat(inbox(oldPhone)).isEmpty();
        assertThat(check(changeId, accountId, code)).isEqualTo("VALID");
        assertThat(check(changeId, accountId, code)).isEqualTo("INVALID");
        assertThat(notifications(accountId)).anySatisfy(n -> assertThat(n)
                .containsEntry("kind", "VERIFICATION_CODE").containsEntry("reason", "CONTACT_CHANGE")
                .containsEntry("channel", "SMS").containsEntry("status", "SENT")
                .containsEntry("destination", "+86*******" + newPhone.substring(10)));
    }

    @Test
    void aNewEmailGetsItsCodeByEmailWithoutTheAccountsNameOrId() {
        String accountId = newAccountId();
        registered(accountId, "old-" + accountId + "@example.com", null);
        String newEmail = "new-" + accountId + "@example.com";

        String changeId = contactChangeRequested(accountId, "EMAIL", newEmail);
        String code = awaitCode(newEmail, 1);

        Map<String, String> mail = inbox(newEmail).get(0);
        assertThat(mail).containsEntry("channel", "EMAIL").containsEntry("subject", "Your Mi Account verification code");
        assertThat(mail.get("body")).startsWith("Hello,\n\n").contains("ignore this message")
                .doesNotContain("Mi Fan").doesNotContain(accountId);
        assertThat(check(changeId, accountId, code, "CONTACT_CHANGE")).isEqualTo("VALID");
    }

    @Test
    void aContactChangeAndAResetDoNotVoidEachOthersCodes() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String newEmail = "added-" + accountId + "@example.com";

        String resetId = resetRequested(accountId);
        String resetCode = awaitCode(phone, 1);
        String changeId = contactChangeRequested(accountId, "EMAIL", newEmail);
        String changeCode = awaitCode(newEmail, 1);
        String laterResetId = resetRequested(accountId); // within the reset cooldown: refused, voids nothing
        await().atMost(PATIENCE).until(() -> notifications(accountId).stream()
                .anyMatch(n -> "FAILED".equals(n.get("status"))));

        assertThat(check(resetId, accountId, resetCode)).isEqualTo("VALID");
        assertThat(check(changeId, accountId, changeCode)).isEqualTo("VALID");
        assertThat(check(laterResetId, accountId, resetCode)).isEqualTo("INVALID");
    }

    @Test
    void aNewerContactChangeVoidsTheOlderOneButNotTheReset() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String firstEmail = "first-" + accountId + "@example.com";
        String secondEmail = "second-" + accountId + "@example.com";

        String changeId = contactChangeRequested(accountId, "EMAIL", firstEmail);
        String firstCode = awaitCode(firstEmail, 1);
        String resetId = resetRequested(accountId);
        String resetCode = awaitCode(phone, 1);
        MutableClock.INSTANCE.advance(Duration.ofSeconds(61)); // past the cooldown of this account's changes
        String secondChangeId = contactChangeRequested(accountId, "EMAIL", secondEmail);
        String secondCode = awaitCode(secondEmail, 1);

        assertThat(check(changeId, accountId, firstCode)).isEqualTo("INVALID");
        assertThat(check(secondChangeId, accountId, secondCode)).isEqualTo("VALID");
        assertThat(check(resetId, accountId, resetCode)).isEqualTo("VALID");
    }

    @Test
    void aCodeChecksOnlyForItsOwnPurposeAndAWrongPurposeSpendsNoAttempt() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String newEmail = "purpose-" + accountId + "@example.com";
        String changeId = contactChangeRequested(accountId, "EMAIL", newEmail);
        String code = awaitCode(newEmail, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt <= 6; attempt++) {
            assertThat(check(changeId, accountId, wrong, "PASSWORD_RESET")).isEqualTo("INVALID");
        }
        assertThat(check(changeId, accountId, code, "PASSWORD_RESET")).isEqualTo("INVALID");
        assertThat(check(changeId, accountId, code, "CONTACT_CHANGE")).isEqualTo("VALID");
    }

    @Test
    void fiveWrongCodesKillAContactChangeCode() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String newPhone = "+86159" + accountId.substring(2);
        String changeId = contactChangeRequested(accountId, "SMS", newPhone);
        String code = awaitCode(newPhone, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(check(changeId, accountId, wrong)).isEqualTo("INVALID");
        }
        assertThat(check(changeId, accountId, wrong)).isEqualTo("EXHAUSTED");
        assertThat(check(changeId, accountId, code)).isEqualTo("EXHAUSTED");
    }

    @Test
    void anExpiredContactChangeCodeIsInvalid() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String newEmail = "late-" + accountId + "@example.com";
        String changeId = contactChangeRequested(accountId, "EMAIL", newEmail);
        String code = awaitCode(newEmail, 1);

        MutableClock.INSTANCE.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(check(changeId, accountId, code)).isEqualTo("INVALID");
    }

    @Test
    void oneDestinationGetsOneCodeAMinuteWhicheverAccountAsks() {
        String first = newAccountId();
        registered(first, null, phoneOf(first));
        String second = newAccountId();
        registered(second, null, phoneOf(second));
        String target = "+86166" + first.substring(2);

        contactChangeRequested(first, "SMS", target);
        awaitCode(target, 1);
        contactChangeRequested(second, "SMS", target);

        await().atMost(PATIENCE).until(() -> failedCodes(second).size() == 1);
        assertThat(failedCodes(second).get(0)).containsEntry("reason", "CONTACT_CHANGE").containsEntry("channel",
                "SMS");
        assertThat(codes(target)).hasSize(1);
    }

    @Test
    void aChangeAnnouncedTwiceGetsOneCode() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String newEmail = "twice-" + accountId + "@example.com";
        String changeId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();

        contactChangeRequested(accountId, changeId, "EMAIL", newEmail, eventId);
        contactChangeRequested(accountId, changeId, "EMAIL", newEmail, eventId); // redelivered
        contactChangeRequested(accountId, changeId, "EMAIL", newEmail, UUID.randomUUID().toString()); // re-sent
        resetRequested(accountId); // the marker: processed after the three
        awaitCode(phone, 1);

        assertThat(codes(newEmail)).hasSize(1);
        assertThat(notifications(accountId)).filteredOn(n -> "CONTACT_CHANGE".equals(n.get("reason"))).hasSize(1);
    }

    @Test
    void aRequestForAnAddressThatIsNoPhoneIsADeadLetterAndTheNextRequestIsServed() {
        String accountId = newAccountId();
        registered(accountId, null, phoneOf(accountId));
        String badChangeId = UUID.randomUUID().toString();
        String newEmail = "after-" + accountId + "@example.com";

        try (TopicReader reader = new TopicReader(List.of("account-events.notification-service.dlq"))) {
            contactChangeRequested(accountId, badChangeId, "SMS", "not-a-phone", UUID.randomUUID().toString());
            String changeId = contactChangeRequested(accountId, "EMAIL", newEmail);

            String code = awaitCode(newEmail, 1);
            assertThat(check(changeId, accountId, code)).isEqualTo("VALID");
            await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .anyMatch(r -> r.value() != null && r.value().contains(badChangeId)));
        }
        assertThat(notifications(accountId)).filteredOn(n -> "CONTACT_CHANGE".equals(n.get("reason"))).hasSize(1);
    }

    private static List<Map<String, Object>> failedCodes(String accountId) {
        return notifications(accountId).stream().filter(n -> "VERIFICATION_CODE".equals(n.get("kind")))
                .filter(n -> "FAILED".equals(n.get("status"))).toList();
    }
}
