package dev.miaccount.notification.alert;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.inbox;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.notification.delivery.Delivery;
import dev.miaccount.notification.delivery.DeliveryRepository;
import dev.miaccount.notification.support.AccountDataKeysStub;
import dev.miaccount.notification.support.Accounts;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * account-events and device-events are read independently, so a phone's alert may be read before its account's
 * registration. It waits (parked) for the contact and then goes out once, in its own flow; it ends FAILED when the
 * account is erased meanwhile, or when no contact comes within the max wait.
 */
@QuarkusTest
class ParkedAlertTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TopicWriter writer;

    @Inject
    ParkedAlertRepository parked;

    @Inject
    DeliveryRepository deliveries;

    @BeforeAll
    static void openWriter() {
        writer = new TopicWriter();
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    void anAlertReadBeforeTheRegistrationGoesOutOnceToTheRegisteredAddressWithItsOwnFlowId() throws Exception {
        String accountId = newAccountId();
        String email = "early-" + accountId + "@example.com";
        AccountDataKeysStub.keyOf(accountId); // account-service made the account (its key); its events are on their way
        String deviceId = "early-" + accountId;
        String signedOut = UUID.randomUUID().toString();
        String signedOutEvent = UUID.randomUUID().toString();
        String signOutData = deviceEvent(deviceId, accountId, "SIGNED_OUT", "KEEP");

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            sendDeviceEvent(signedOutEvent, EventTypes.DEVICE_SIGNED_OUT, deviceId, signedOut, signOutData);

            // read and parked: nothing sent, nothing failed
            await().atMost(PATIENCE).until(() -> parkedCount(accountId) == 1);
            assertThat(inbox(email)).isEmpty();
            assertThat(reader.poll()).noneMatch(flow(signedOut));
            assertThat(deliveriesOf(accountId)).isEmpty();

            String registration = UUID.randomUUID().toString();
            publish(accountId, EventTypes.ACCOUNT_REGISTERED, registration,
                    Accounts.registration(accountId, email, null, "Early Fan"));
            // markers behind it: a redelivery of the device event and a later device event on the phone's key, and a
            // later account event on the account's key; once both markers are out, anything late would be too
            sendDeviceEvent(signedOutEvent, EventTypes.DEVICE_SIGNED_OUT, deviceId, signedOut, signOutData);
            String locked = UUID.randomUUID().toString();
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_LOCKED, deviceId, locked,
                    deviceEvent(deviceId, accountId, "LOCKED", null));
            String passwordChanged = UUID.randomUUID().toString();
            Accounts.passwordChanged(accountId, UUID.randomUUID().toString(), passwordChanged);

            List<Received> outcomes = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key())).toList(),
                    all -> all.stream().anyMatch(flow(locked)) && all.stream().anyMatch(flow(passwordChanged)));

            assertThat(outcomes.stream().filter(flow(signedOut))).singleElement().satisfies(r -> {
                assertThat(r.header("ce_type")).isEqualTo(EventTypes.NOTIFICATION_SENT);
                JsonNode outcome = JSON.readTree(r.value());
                assertThat(outcome.get("kind").asText()).isEqualTo("SECURITY_ALERT");
                assertThat(outcome.get("reason").asText()).isEqualTo("DEVICE_SIGNED_OUT");
                assertThat(outcome.get("channel").asText()).isEqualTo("EMAIL");
                assertThat(outcome.get("status").asText()).isEqualTo("SENT");
                assertThat(r.value()).doesNotContain(email);
            });
            assertThat(outcomes.stream().filter(flow(registration))).singleElement()
                    .satisfies(r -> assertThat(r.value()).contains("\"kind\":\"WELCOME\""));
        }

        List<Map<String, String>> signedOutAlerts = inbox(email).stream()
                .filter(m -> "Security alert: your phone was signed out".equals(m.get("subject"))).toList();
        assertThat(signedOutAlerts).singleElement().satisfies(m -> assertThat(m.get("body"))
                .startsWith("Hello Early Fan,").contains("Xiaomi 15 (" + deviceId + ")").contains(accountId)
                .contains("2026-11-28 at 10:00 UTC").contains("synced data was kept"));
        assertThat(parkedCount(accountId)).isZero();
    }

    @Test
    void alertsParkedForAnAccountErasedMeanwhileEndFailedAndLaterOnesAreNotParked() throws Exception {
        String accountId = newAccountId();
        AccountDataKeysStub.keyOf(accountId);
        String deviceId = "gone-" + accountId;
        String signedOut = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_SIGNED_OUT, deviceId, signedOut,
                    deviceEvent(deviceId, accountId, "SIGNED_OUT", "REMOVE"));
            await().atMost(PATIENCE).until(() -> parkedCount(accountId) == 1);

            // account-service erased the account (its key destroyed) before this service ever learnt its contact
            AccountDataKeysStub.erase(accountId);
            String deletion = UUID.randomUUID().toString();
            publish(accountId, EventTypes.ACCOUNT_DELETED, deletion,
                    Map.of("accountId", accountId, "deletedAt", Instant.now().toString()));
            // a later alert for it: FAILED at once, never parked
            String deleted = UUID.randomUUID().toString();
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_DELETED, deviceId, deleted,
                    deviceEvent(deviceId, accountId, "DELETED", null));

            List<Received> outcomes = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key())).toList(),
                    all -> all.stream().anyMatch(flow(deletion).and(type(EventTypes.NOTIFICATION_ACCOUNT_ERASED)))
                            && all.stream().anyMatch(flow(deleted)));
            assertThat(outcomes.stream().filter(flow(signedOut))).singleElement()
                    .satisfies(r -> assertFailed(r, "DEVICE_SIGNED_OUT"));
            assertThat(outcomes.stream().filter(flow(deleted))).singleElement()
                    .satisfies(r -> assertFailed(r, "DEVICE_DELETED"));
        }
        assertThat(parkedCount(accountId)).isZero();
        assertThat(deliveriesOf(accountId)).filteredOn(d -> d.getReason().startsWith("DEVICE_"))
                .extracting(Delivery::getReason, Delivery::getFailureReason).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("DEVICE_SIGNED_OUT",
                                SecurityAlertService.ERASED_WHILE_PARKED),
                        org.assertj.core.groups.Tuple.tuple("DEVICE_DELETED", SecurityAlertService.ERASED));
    }

    @Test
    void anAlertParkedPastItsMaxWaitEndsFailedAndALateRegistrationDoesNotSendIt() throws Exception {
        String accountId = newAccountId();
        String email = "late-" + accountId + "@example.com";
        AccountDataKeysStub.keyOf(accountId);
        String deviceId = "late-" + accountId;
        String locked = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_LOCKED, deviceId, locked,
                    deviceEvent(deviceId, accountId, "LOCKED", null));
            await().atMost(PATIENCE).until(() -> parkedCount(accountId) == 1);

            // its max wait (miaccount.alert.parked-max-wait, 24 h) has passed: the expiry job ends it
            expireNow(accountId);

            Received failed = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(flow(locked)).findFirst().orElse(null), r -> r != null);
            assertFailed(failed, "DEVICE_LOCKED");
        }
        assertThat(parkedCount(accountId)).isZero();
        assertThat(deliveriesOf(accountId)).singleElement()
                .satisfies(d -> assertThat(d.getFailureReason()).isEqualTo(SecurityAlertService.NO_CONTACT));

        // the registration comes after all: the welcome (parked alerts would go out in its transaction), no alert
        publish(accountId, EventTypes.ACCOUNT_REGISTERED, UUID.randomUUID().toString(),
                Accounts.registration(accountId, email, null, "Late Fan"));
        await().atMost(PATIENCE).until(() -> !inbox(email).isEmpty());
        assertThat(inbox(email)).singleElement().satisfies(m -> assertThat(m.get("subject"))
                .isEqualTo("Welcome to Mi Account"));
    }

    private static void assertFailed(Received record, String reason) {
        assertThat(record.header("ce_type")).isEqualTo(EventTypes.NOTIFICATION_FAILED);
        try {
            JsonNode outcome = JSON.readTree(record.value());
            assertThat(outcome.get("kind").asText()).isEqualTo("SECURITY_ALERT");
            assertThat(outcome.get("reason").asText()).isEqualTo(reason);
            assertThat(outcome.get("status").asText()).isEqualTo("FAILED");
            assertThat(outcome.get("maskedDestination").asText()).isEqualTo("unknown");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private void expireNow(String accountId) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> parked.update(
                    "expiresAt = ?1 where accountId = ?2", Instant.now().minusSeconds(1), accountId)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private long parkedCount(String accountId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> parked
                    .count("accountId", accountId)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Delivery> deliveriesOf(String accountId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> deliveries
                    .newestFirst(accountId, 20)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data of a device.*.v1 event, as device-service writes it. */
    private static String deviceEvent(String deviceId, String accountId, String state, String dataChoice) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deviceId", deviceId);
        data.put("accountId", accountId);
        data.put("state", state);
        data.put("model", "Xiaomi 15");
        data.put("romRegion", "GLOBAL");
        data.put("findDevice", true);
        data.put("dataChoice", dataChoice);
        data.put("sessionId", null);
        data.put("at", "2026-11-28T10:00:00Z");
        try {
            return JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendDeviceEvent(String id, String type, String deviceId, String flowId, String data) {
        writer.send(Topics.DEVICE_EVENTS, deviceId, data,
                TopicWriter.cloudEventHeaders(id, type, "device-service", deviceId, flowId));
    }

    private static Predicate<Received> flow(String flowId) {
        return r -> flowId.equals(r.header("ce_flowid"));
    }

    private static Predicate<Received> type(String type) {
        return r -> type.equals(r.header("ce_type"));
    }
}
