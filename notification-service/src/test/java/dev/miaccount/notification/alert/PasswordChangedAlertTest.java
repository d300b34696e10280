package dev.miaccount.notification.alert;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.inbox;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.passwordChanged;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.signedOutEverywhere;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;

/** account.password-changed.v1 alerts the account: PASSWORD_CHANGED, by email or else SMS. */
@QuarkusTest
class PasswordChangedAlertTest {

    @Test
    void aChangedPasswordAlertsTheAccountByEmailAndIsAnnouncedWithTheFlowId() {
        String accountId = newAccountId();
        String email = "changed-" + accountId + "@example.com";
        registered(accountId, email, phoneOf(accountId));
        String flowId = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            passwordChanged(accountId, UUID.randomUUID().toString(), flowId);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(email)).anySatisfy(m -> {
                assertThat(m.get("subject")).isEqualTo("Security alert: your password was changed");
                assertThat(m.get("body")).startsWith("Hello Mi Fan,").contains(accountId)
                        .contains("2026-11-28 at 12:30 UTC").contains("reset your password at once");
            }));
            Received sent = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> flowId.equals(r.header("ce_flowid"))).findFirst().orElse(null), r -> r != null);
            assertThat(sent.header("ce_type")).isEqualTo(EventTypes.NOTIFICATION_SENT);
            assertThat(sent.value()).contains("\"reason\":\"PASSWORD_CHANGED\"").contains("SECURITY_ALERT")
                    .doesNotContain(email);
        }
        assertThat(notifications(accountId)).anySatisfy(n -> assertThat(n).containsEntry("kind", "SECURITY_ALERT")
                .containsEntry("reason", "PASSWORD_CHANGED").containsEntry("status", "SENT"));
    }

    @Test
    void signingOutEverywhereAlertsOnceBehindALaterMarker() {
        String accountId = newAccountId();
        String email = "everywhere-" + accountId + "@example.com";
        registered(accountId, email, phoneOf(accountId));

        signedOutEverywhere(accountId, UUID.randomUUID().toString());
        passwordChanged(accountId, UUID.randomUUID().toString(), UUID.randomUUID().toString()); // the marker

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(accountId))
                .anySatisfy(n -> assertThat(n).containsEntry("reason", "PASSWORD_CHANGED")));
        assertThat(notifications(accountId)).filteredOn(n -> "SIGNED_OUT_EVERYWHERE".equals(n.get("reason")))
                .singleElement().satisfies(n -> assertThat(n).containsEntry("kind", "SECURITY_ALERT"));
        assertThat(inbox(email)).anySatisfy(m -> assertThat(m.get("body"))
                .contains("Every session of your Mi Account " + accountId + " but one was signed out"));
    }

    @Test
    void anAccountWithoutEmailIsAlertedBySms() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);

        passwordChanged(accountId, UUID.randomUUID().toString(), UUID.randomUUID().toString());

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(phone)).anySatisfy(m -> assertThat(
                m.get("body")).startsWith("Mi Account security alert: The password of your Mi Account")));
    }
}
