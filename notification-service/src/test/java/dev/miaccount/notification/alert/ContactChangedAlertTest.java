package dev.miaccount.notification.alert;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.contactChanged;
import static dev.miaccount.notification.support.Accounts.inbox;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.passwordChanged;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.profileUpdated;
import static dev.miaccount.notification.support.Accounts.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * account.contact-changed.v1 tells the OLD address (the profile update with the new one follows it), or the other
 * address when there was none: CONTACT_CHANGED, once per change.
 */
@QuarkusTest
class ContactChangedAlertTest {

    @Test
    void aChangedEmailIsToldToTheOldEmailAndLaterMessagesGoToTheNewOne() {
        String accountId = newAccountId();
        String oldEmail = "old-" + accountId + "@example.com";
        String newEmail = "new-" + accountId + "@example.com";
        registered(accountId, oldEmail, phoneOf(accountId));

        contactChanged(accountId, UUID.randomUUID().toString(), "EMAIL", UUID.randomUUID().toString());
        profileUpdated(accountId, newEmail, phoneOf(accountId), "email");
        passwordChanged(accountId, UUID.randomUUID().toString(), UUID.randomUUID().toString()); // the marker

        await().atMost(PATIENCE).until(() -> inbox(newEmail).size() == 1);
        assertThat(inbox(newEmail).get(0).get("subject")).isEqualTo("Security alert: your password was changed");
        List<Map<String, String>> old = inbox(oldEmail);
        assertThat(old).hasSize(2); // the welcome and the alert
        assertThat(old.get(0).get("subject"))
                .isEqualTo("Security alert: your Mi Account's email address or phone number was changed");
        assertThat(old.get(0).get("body")).startsWith("Hello Mi Fan,\n\nThe email address of your Mi Account "
                + accountId + " was changed on 2026-11-28 at 14:45 UTC").contains("If this wasn't you")
                .doesNotContain(newEmail);
        assertThat(notifications(accountId)).anySatisfy(n -> assertThat(n).containsEntry("kind", "SECURITY_ALERT")
                .containsEntry("reason", "CONTACT_CHANGED").containsEntry("channel", "EMAIL")
                .containsEntry("destination", "o***@example.com"));
    }

    @Test
    void aChangedPhoneIsToldToTheOldPhoneBySms() {
        String accountId = newAccountId();
        String oldPhone = phoneOf(accountId);
        String email = "keeps-" + accountId + "@example.com";
        registered(accountId, email, oldPhone);

        contactChanged(accountId, UUID.randomUUID().toString(), "SMS", UUID.randomUUID().toString());
        profileUpdated(accountId, email, "+86177" + accountId.substring(2), "phone");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(oldPhone)).singleElement()
                .satisfies(sms -> assertThat(sms.get("body")).startsWith("Mi Account security alert: The phone"
                        + " number of your Mi Account " + accountId + " was changed")));
        assertThat(inbox(email)).hasSize(1); // the welcome only
    }

    @Test
    void anAddedPhoneIsToldToTheEmailThatWasThere() {
        String accountId = newAccountId();
        String email = "only-" + accountId + "@example.com";
        registered(accountId, email, null);

        contactChanged(accountId, UUID.randomUUID().toString(), "SMS", UUID.randomUUID().toString());
        profileUpdated(accountId, email, phoneOf(accountId), "phone");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(email)).anySatisfy(m -> assertThat(
                m.get("body")).contains("The phone number of your Mi Account " + accountId + " was changed")));
        assertThat(inbox(phoneOf(accountId))).isEmpty();
    }

    @Test
    void oneAlertPerChangeEvenWhenItIsRedeliveredOrAnnouncedAgain() {
        String accountId = newAccountId();
        String email = "once-" + accountId + "@example.com";
        registered(accountId, email, phoneOf(accountId));
        String changeId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();

        contactChanged(accountId, changeId, "SMS", eventId);
        contactChanged(accountId, changeId, "SMS", eventId); // redelivered
        contactChanged(accountId, changeId, "SMS", UUID.randomUUID().toString()); // announced again
        passwordChanged(accountId, UUID.randomUUID().toString(), UUID.randomUUID().toString()); // the marker

        await().atMost(PATIENCE).until(() -> notifications(accountId).stream()
                .anyMatch(n -> "PASSWORD_CHANGED".equals(n.get("reason"))));
        assertThat(notifications(accountId)).filteredOn(n -> "CONTACT_CHANGED".equals(n.get("reason"))).hasSize(1);
        assertThat(inbox(phoneOf(accountId))).hasSize(1);
    }
}
