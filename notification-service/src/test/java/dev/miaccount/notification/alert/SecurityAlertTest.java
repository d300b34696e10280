package dev.miaccount.notification.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.notification.contact.AccountContactRepository;
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
import io.restassured.path.json.JsonPath;

/** device-service's final steps, as records on device-events, reach the account as one security alert each. */
@QuarkusTest
class SecurityAlertTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String DLQ = "device-events.notification-service.dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TopicWriter writer;

    @Inject
    AccountContactRepository contacts;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    ParkedAlertRepository parked;

    @BeforeAll
    static void openWriter() {
        writer = new TopicWriter();
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    void signedOutDeletedAndLockedPhonesAlertTheAccountByEmailOnceEachWithTheFlowsId() throws Exception {
        String accountId = accountId();
        String email = "alerted-" + accountId + "@example.com";
        registered(accountId, email, "+86139" + accountId.substring(2));
        String deviceId = "phone-" + accountId;
        String signedOut = UUID.randomUUID().toString();
        String deleted = UUID.randomUUID().toString();
        String locked = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            String eventId = UUID.randomUUID().toString();
            String data = deviceEvent(deviceId, accountId, "SIGNED_OUT", "KEEP");
            sendDeviceEvent(eventId, EventTypes.DEVICE_SIGNED_OUT, deviceId, signedOut, data);
            sendDeviceEvent(eventId, EventTypes.DEVICE_SIGNED_OUT, deviceId, signedOut, data); // redelivery
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_DELETED, deviceId, deleted,
                    deviceEvent(deviceId, accountId, "DELETED", null));
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_LOCKED, deviceId, locked,
                    deviceEvent(deviceId, accountId, "LOCKED", null));

            // the locked alert comes last on the phone's key: once it is in, the redelivery was processed too
            await().atMost(PATIENCE).until(() -> alerts(email).stream()
                    .anyMatch(m -> m.get("subject").equals("Security alert: your phone was locked")));
            List<Map<String, String>> alerts = alerts(email);
            assertThat(alerts).extracting(m -> m.get("subject")).containsExactlyInAnyOrder(
                    "Security alert: your phone was signed out",
                    "Security alert: your phone was removed from your Mi Account",
                    "Security alert: your phone was locked");
            assertThat(alerts).allSatisfy(m -> assertThat(m.get("body")).contains("Xiaomi 15 (" + deviceId + ")")
                    .contains(accountId).contains("2026-11-28 at 10:00 UTC"));
            assertThat(body(alerts, "signed out")).contains("was signed out of your Mi Account")
                    .contains("synced data was kept");
            assertThat(body(alerts, "removed")).contains("was deleted from your Mi Account")
                    .contains("no longer in My Devices");
            assertThat(body(alerts, "locked")).contains("reset to factory settings").contains("locked to your");

            List<Received> outcomes = await().atMost(PATIENCE).until(() -> ofAccount(reader, accountId),
                    all -> all.stream().anyMatch(flow(locked)));
            assertThat(outcomes).allMatch(type(EventTypes.NOTIFICATION_SENT))
                    .allSatisfy(r -> assertThat(r.value()).doesNotContain(email).contains("a***@example.com"));
            assertThat(outcomes.stream().filter(flow(signedOut))).singleElement()
                    .satisfies(r -> assertOutcome(r, "DEVICE_SIGNED_OUT", "EMAIL", "SENT"));
            assertThat(outcomes.stream().filter(flow(deleted))).singleElement()
                    .satisfies(r -> assertOutcome(r, "DEVICE_DELETED", "EMAIL", "SENT"));
            assertThat(outcomes.stream().filter(flow(locked))).singleElement()
                    .satisfies(r -> assertOutcome(r, "DEVICE_LOCKED", "EMAIL", "SENT"));
        }
    }

    @Test
    void anAccountWithoutEmailIsAlertedBySms() {
        String accountId = accountId();
        String phone = "+86138" + accountId.substring(2);
        registered(accountId, null, phone);
        String deviceId = "sms-" + accountId;

        sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_SIGNED_OUT, deviceId,
                UUID.randomUUID().toString(), deviceEvent(deviceId, accountId, "SIGNED_OUT", "REMOVE"));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(inbox(phone)).anySatisfy(m -> {
            assertThat(m.get("channel")).isEqualTo("SMS");
            assertThat(m.get("body")).startsWith("Mi Account security alert: ").contains(deviceId)
                    .contains("signed out").contains("synced data was removed");
        }));
    }

    @Test
    void theNextAlertGoesToTheEmailOfTheLatestProfile() throws Exception {
        String accountId = accountId();
        String oldEmail = "old-" + accountId + "@example.com";
        String newEmail = "new-" + accountId + "@example.com";
        registered(accountId, oldEmail, null);
        String profile = JSON.writeValueAsString(Accounts.profileUpdate(accountId, newEmail, null, "Renamed Fan",
                List.of("email", "displayName")));
        writer.send(Topics.ACCOUNT_EVENTS, accountId, profile, TopicWriter.cloudEventHeaders(
                UUID.randomUUID().toString(), EventTypes.ACCOUNT_PROFILE_UPDATED, "account-service", accountId,
                UUID.randomUUID().toString()));
        // profile changes and device steps travel on different topics; wait until the change is applied
        await().atMost(PATIENCE).until(() -> newEmail.equals(contactEmail(accountId)));

        String deviceId = "moved-" + accountId;
        sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_DELETED, deviceId,
                UUID.randomUUID().toString(), deviceEvent(deviceId, accountId, "DELETED", null));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(alerts(newEmail)).singleElement()
                .satisfies(m -> assertThat(m.get("body")).startsWith("Hello Renamed Fan,").contains(deviceId)));
        assertThat(alerts(oldEmail)).isEmpty();
    }

    /**
     * An account account-service holds no data key for (erased, or never made) will never have a contact: its alert
     * is FAILED at once rather than parked (an account not registered here yet: ParkedAlertTest).
     */
    @Test
    void anAlertForAnErasedAccountIsAFailedDeliveryAndPoisonIsDeadLetteredWhileTheConsumerGoesOn()
            throws Exception {
        String erasedAccount = accountId();
        AccountDataKeysStub.keyOf(erasedAccount);
        AccountDataKeysStub.erase(erasedAccount);
        String accountId = accountId();
        String email = "after-" + accountId + "@example.com";
        registered(accountId, email, null);
        String deviceId = "shared-" + accountId;
        String erasedFlow = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS));
                TopicReader deadLetters = new TopicReader(List.of(DLQ))) {
            writer.send(Topics.DEVICE_EVENTS, deviceId, "not a cloud event " + deviceId, Map.of());
            String noAccount = UUID.randomUUID().toString();
            sendDeviceEvent(noAccount, EventTypes.DEVICE_LOCKED, deviceId, UUID.randomUUID().toString(),
                    deviceEvent(deviceId, null, "LOCKED", null));
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_SIGNED_OUT, deviceId, erasedFlow,
                    deviceEvent(deviceId, erasedAccount, "SIGNED_OUT", "KEEP"));
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_SIGNED_OUT, deviceId,
                    UUID.randomUUID().toString(), deviceEvent(deviceId, accountId, "SIGNED_OUT", "KEEP"));

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(alerts(email)).hasSize(1));

            Received failed = await().atMost(PATIENCE).until(() -> ofAccount(reader, erasedAccount).stream()
                    .filter(flow(erasedFlow)).findFirst().orElse(null), r -> r != null);
            assertThat(failed.header("ce_type")).isEqualTo(EventTypes.NOTIFICATION_FAILED);
            assertOutcome(failed, "DEVICE_SIGNED_OUT", "EMAIL", "FAILED");
            assertThat(JSON.readTree(failed.value()).get("maskedDestination").asText()).isEqualTo("unknown");
            assertThat(failureReasons(erasedAccount)).containsExactly(SecurityAlertService.ERASED);
            assertThat(parkedCount(erasedAccount)).isZero();

            await().atMost(PATIENCE).until(() -> {
                List<Received> dead = deadLetters.poll();
                return dead.stream().anyMatch(r -> r.value().equals("not a cloud event " + deviceId))
                        && dead.stream().anyMatch(r -> noAccount.equals(r.header("ce_id")));
            });
        }
    }

    private static String accountId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    /** account.registered.v2, then waits for the welcome: from then on the account's contact is known. */
    private static void registered(String accountId, String email, String phone) {
        writer.send(Topics.ACCOUNT_EVENTS, accountId, json(Accounts.registration(accountId, email, phone, "Mi Fan")),
                TopicWriter.cloudEventHeaders(
                UUID.randomUUID().toString(), EventTypes.ACCOUNT_REGISTERED, "account-service", accountId,
                UUID.randomUUID().toString()));
        String to = email != null ? email : phone;
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/v1/sandbox/messages?to={to}", to).then()
                .statusCode(200).body("$", hasSize(1)));
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
        return json(data);
    }

    private static void sendDeviceEvent(String id, String type, String deviceId, String flowId, String data) {
        writer.send(Topics.DEVICE_EVENTS, deviceId, data,
                TopicWriter.cloudEventHeaders(id, type, "device-service", deviceId, flowId));
    }

    private static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, String>> inbox(String to) {
        JsonPath messages = given().get("/api/v1/sandbox/messages?to={to}", to).then().statusCode(200).extract()
                .jsonPath();
        return messages.getList("$");
    }

    /** The security alerts in one inbox (the welcome left out). */
    private static List<Map<String, String>> alerts(String to) {
        return inbox(to).stream().filter(m -> m.get("subject") != null)
                .filter(m -> m.get("subject").startsWith("Security alert")).toList();
    }

    private static String body(List<Map<String, String>> alerts, String subjectPart) {
        return alerts.stream().filter(m -> m.get("subject").contains(subjectPart)).findFirst().orElseThrow()
                .get("body");
    }

    private List<String> failureReasons(String accountId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> deliveries
                    .newestFirst(accountId, 10)).map(all -> all.stream().map(Delivery::getFailureReason).toList()));
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

    private String contactEmail(String accountId) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> contacts.findById(accountId))
                    .map(contact -> contact == null ? null : contact.getEmail()));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertOutcome(Received record, String reason, String channel, String status) {
        try {
            JsonNode outcome = JSON.readTree(record.value());
            assertThat(outcome.get("kind").asText()).isEqualTo("SECURITY_ALERT");
            assertThat(outcome.get("reason").asText()).isEqualTo(reason);
            assertThat(outcome.get("channel").asText()).isEqualTo(channel);
            assertThat(outcome.get("status").asText()).isEqualTo(status);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Received> ofAccount(TopicReader reader, String accountId) {
        return reader.poll().stream().filter(r -> accountId.equals(r.key()))
                .filter(r -> !"WELCOME".equals(kind(r))).toList();
    }

    private static String kind(Received record) {
        try {
            return JSON.readTree(record.value()).path("kind").asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Predicate<Received> type(String type) {
        return r -> type.equals(r.header("ce_type"));
    }

    private static Predicate<Received> flow(String flowId) {
        return r -> flowId.equals(r.header("ce_flowid"));
    }
}
