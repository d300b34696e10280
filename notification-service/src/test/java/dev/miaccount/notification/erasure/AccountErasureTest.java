package dev.miaccount.notification.erasure;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.inbox;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.publish;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.notification.contact.AccountContactRepository;
import dev.miaccount.notification.support.AccountDataKeysStub;
import dev.miaccount.notification.support.Accounts;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * notification-service's part of deleting an account: the deletion code goes to the phone; once account-service
 * says the account is deleted, the ACCOUNT_DELETED notice goes to each address, then everything about the account
 * is erased, and a replay of its old events (its key destroyed) brings none of it back.
 */
@QuarkusTest
class AccountErasureTest {

    @Inject
    AccountContactRepository contacts;

    @Test
    void theDeletionCodeGoesToThePhoneThenTheNoticeToEachAddressThenEverythingIsErased() {
        String accountId = newAccountId();
        String email = "leaving-" + accountId + "@example.com";
        String phone = phoneOf(accountId);
        registered(accountId, email, phone);
        // what a replay would bring back later: the registration, sealed under the key the erasure destroys
        Map<String, Object> replayed = Accounts.registration(accountId, email, phone, "Mi Fan");
        String deletionId = UUID.randomUUID().toString();
        publish(accountId, EventTypes.ACCOUNT_DELETION_REQUESTED, UUID.randomUUID().toString(),
                Map.of("deletionId", deletionId, "accountId", accountId, "requestedAt", Instant.now().toString()));
        String deletionCode = awaitCode(phone, 1);
        assertThat(inbox(phone).get(0).get("body")).contains("DELETES your Mi Account");
        // a reset asked for meanwhile: the phone had a code a moment ago, so none is sent (the cooldown), but the
        // reset and its refused delivery are the account's too
        resetRequested(accountId);

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            // account-service erased the account and destroyed its key, then said so
            AccountDataKeysStub.erase(accountId);
            String flowId = UUID.randomUUID().toString();
            publish(accountId, EventTypes.ACCOUNT_DELETED, flowId,
                    Map.of("accountId", accountId, "deletedAt", Instant.now().toString()));

            List<Received> flow = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> flowId.equals(r.header("ce_flowid"))).toList(),
                    events -> events.stream().anyMatch(type(EventTypes.NOTIFICATION_ACCOUNT_ERASED)));
            assertThat(flow).filteredOn(type(EventTypes.NOTIFICATION_SENT))
                    .extracting(Received::value).hasSize(2)
                    .allMatch(value -> value.contains("\"reason\":\"ACCOUNT_DELETED\""))
                    .anyMatch(value -> value.contains("\"channel\":\"EMAIL\""))
                    .anyMatch(value -> value.contains("\"channel\":\"SMS\""));
            assertThat(flow).filteredOn(type(EventTypes.NOTIFICATION_ACCOUNT_ERASED)).singleElement()
                    .matches(event -> event.value().contains("\"notices\":2"));
        }

        // nothing about the account is left: no contact, no sandbox message (the notices included), no live code
        assertThat(contactExists(accountId)).isFalse();
        assertThat(inbox(email)).isEmpty();
        assertThat(inbox(phone)).isEmpty();
        assertThat(check(deletionId, accountId, deletionCode, "ACCOUNT_DELETION")).isEqualTo("INVALID");

        // a replay of its registration opens to nothing: no contact, no welcome. A reset request after it, on the
        // same key, is the marker: once it is answered (no address: FAILED), the replay has been processed.
        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            publish(accountId, EventTypes.ACCOUNT_REGISTERED, UUID.randomUUID().toString(), replayed);
            String marker = UUID.randomUUID().toString();
            publish(accountId, EventTypes.PASSWORD_RESET_REQUESTED, marker, Map.of("resetId",
                    UUID.randomUUID().toString(), "accountId", accountId, "requestedAt", Instant.now().toString()));
            await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .anyMatch(r -> marker.equals(r.header("ce_flowid"))
                            && EventTypes.NOTIFICATION_FAILED.equals(r.header("ce_type"))));
        }
        assertThat(contactExists(accountId)).isFalse();
        assertThat(inbox(email)).isEmpty();
        assertThat(inbox(phone)).isEmpty();
    }

    private boolean contactExists(String accountId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> contacts.findById(accountId))
                    .map(contact -> contact != null));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.function.Predicate<Received> type(String type) {
        return event -> type.equals(event.header("ce_type"));
    }
}
