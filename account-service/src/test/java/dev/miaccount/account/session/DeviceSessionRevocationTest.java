package dev.miaccount.account.session;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signInOnDevice;
import static dev.miaccount.account.support.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** device-service's requests, as records on device-events, revoke the phone's sessions and say so once. */
@QuarkusTest
class DeviceSessionRevocationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String DLQ = "device-events.account-service.dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TopicWriter writer;

    @BeforeAll
    static void openWriter() {
        writer = new TopicWriter();
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    void aSignOutRequestRevokesThePhonesSessionOnceAndSaysSoWithTheFlowsId() throws Exception {
        Registered account = register();
        String web = token(account.email());
        String deviceId = "phone-" + account.accountId();
        Phone phone = signInOn(account.phone(), deviceId);
        String flowId = UUID.randomUUID().toString();
        String markerFlowId = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            String eventId = UUID.randomUUID().toString();
            String request = deviceEvent(deviceId, account.accountId(), "SIGNING_OUT", null);
            sendDeviceEvent(eventId, EventTypes.DEVICE_SIGN_OUT_REQUESTED, deviceId, flowId, request);
            sendDeviceEvent(eventId, EventTypes.DEVICE_SIGN_OUT_REQUESTED, deviceId, flowId, request); // redelivery

            await().atMost(PATIENCE).untilAsserted(() -> as(phone.token()).get("/api/v1/accounts/me").then()
                    .statusCode(401).contentType("application/problem+json"));
            as(web).get("/api/v1/accounts/me").then().statusCode(200);

            // A new request for the phone, after the redelivery on the same key: once its answer is out, the
            // redelivery has been processed too. Nothing is left to revoke, and it is still answered.
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_SIGN_OUT_REQUESTED, deviceId,
                    markerFlowId, request);
            List<Received> events = await().atMost(PATIENCE).until(() -> ofAccount(reader, account),
                    all -> all.stream().anyMatch(flow(markerFlowId)));

            List<Received> answers = events.stream().filter(type(EventTypes.DEVICE_SESSIONS_REVOKED))
                    .filter(flow(flowId)).toList();
            assertThat(answers).hasSize(1);
            JsonNode answer = JSON.readTree(answers.get(0).value());
            assertThat(answer.get("deviceId").asText()).isEqualTo(deviceId);
            assertThat(answer.get("reason").asText()).isEqualTo("SIGN_OUT");
            assertThat(answer.get("sessionIds")).extracting(JsonNode::asText).containsExactly(phone.sessionId());
            assertThat(answers.get(0).header("ce_subject")).isEqualTo(account.accountId());

            List<Received> revocations = events.stream().filter(type(EventTypes.SESSION_REVOKED))
                    .filter(flow(flowId)).toList();
            assertThat(revocations).hasSize(1);
            assertThat(revocations.get(0).value()).contains(phone.sessionId()).contains("DEVICE_SIGNED_OUT");

            JsonNode markerAnswer = JSON.readTree(events.stream().filter(type(EventTypes.DEVICE_SESSIONS_REVOKED))
                    .filter(flow(markerFlowId)).findFirst().orElseThrow().value());
            assertThat(markerAnswer.get("sessionIds")).isEmpty();
            assertThat(events.stream().filter(type(EventTypes.SESSION_REVOKED)).filter(flow(markerFlowId))).isEmpty();
        }
    }

    @Test
    void deletionAndResetRevokeOnlyThatPhonesSessionsOfThatAccount() throws Exception {
        Registered account = register();
        Registered other = register();
        String deviceId = "phone-" + account.accountId();
        String secondDeviceId = "tablet-" + account.accountId();
        Phone first = signInOn(account.email(), deviceId);
        Phone again = signInOn(account.accountId(), deviceId);
        Phone secondDevice = signInOn(account.email(), secondDeviceId);
        Phone otherAccountsOnSamePhone = signInOn(other.email(), deviceId);
        String deletion = UUID.randomUUID().toString();
        String reset = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_DELETION_REQUESTED, deviceId, deletion,
                    deviceEvent(deviceId, account.accountId(), "DELETING", null));

            await().atMost(PATIENCE).untilAsserted(() -> {
                as(first.token()).get("/api/v1/accounts/me").then().statusCode(401);
                as(again.token()).get("/api/v1/accounts/me").then().statusCode(401);
            });
            as(secondDevice.token()).get("/api/v1/accounts/me").then().statusCode(200);
            as(otherAccountsOnSamePhone.token()).get("/api/v1/accounts/me").then().statusCode(200);

            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_RESET_REQUESTED, secondDeviceId, reset,
                    deviceEvent(secondDeviceId, account.accountId(), "BOUND", null));
            await().atMost(PATIENCE).untilAsserted(() -> as(secondDevice.token()).get("/api/v1/accounts/me").then()
                    .statusCode(401));
            as(otherAccountsOnSamePhone.token()).get("/api/v1/accounts/me").then().statusCode(200);

            List<Received> events = await().atMost(PATIENCE).until(() -> ofAccount(reader, account),
                    all -> all.stream().anyMatch(type(EventTypes.DEVICE_SESSIONS_REVOKED).and(flow(reset))));
            JsonNode deleted = JSON.readTree(events.stream().filter(type(EventTypes.DEVICE_SESSIONS_REVOKED))
                    .filter(flow(deletion)).findFirst().orElseThrow().value());
            assertThat(deleted.get("reason").asText()).isEqualTo("DELETE");
            assertThat(deleted.get("sessionIds")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrder(first.sessionId(), again.sessionId());
            assertThat(events.stream().filter(type(EventTypes.SESSION_REVOKED)).filter(flow(deletion)))
                    .hasSize(2).allSatisfy(r -> assertThat(r.value()).contains("DEVICE_DELETED"));

            JsonNode resetAnswer = JSON.readTree(events.stream().filter(type(EventTypes.DEVICE_SESSIONS_REVOKED))
                    .filter(flow(reset)).findFirst().orElseThrow().value());
            assertThat(resetAnswer.get("reason").asText()).isEqualTo("FACTORY_RESET");
            assertThat(resetAnswer.get("sessionIds")).extracting(JsonNode::asText).containsExactly(secondDevice.sessionId());
            assertThat(events.stream().filter(type(EventTypes.SESSION_REVOKED)).filter(flow(reset)))
                    .singleElement().satisfies(r -> assertThat(r.value()).contains("DEVICE_RESET"));
        }
    }

    @Test
    void aRejectedBindingRevokesExactlyTheSessionThatAskedForIt() {
        Registered account = register();
        String web = token(account.email());
        String deviceId = "locked-" + account.accountId();
        Phone rejected = signInOn(account.email(), deviceId);
        Phone sameDeviceOtherSession = signInOn(account.phone(), deviceId);
        String flowId = UUID.randomUUID().toString();

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_BINDING_REJECTED, deviceId, flowId,
                    deviceEvent(deviceId, account.accountId(), "LOCKED", rejected.sessionId()));

            await().atMost(PATIENCE).untilAsserted(() -> as(rejected.token()).get("/api/v1/accounts/me").then()
                    .statusCode(401));
            as(sameDeviceOtherSession.token()).get("/api/v1/accounts/me").then().statusCode(200);
            as(web).get("/api/v1/accounts/me").then().statusCode(200);

            Received revoked = await().atMost(PATIENCE).until(() -> ofAccount(reader, account).stream()
                    .filter(type(EventTypes.SESSION_REVOKED)).filter(flow(flowId)).findFirst().orElse(null),
                    r -> r != null);
            assertThat(revoked.value()).contains(rejected.sessionId()).contains("BINDING_REJECTED")
                    .doesNotContain(sameDeviceOtherSession.sessionId());
            assertThat(ofAccount(reader, account).stream().filter(flow(flowId)))
                    .noneMatch(type(EventTypes.DEVICE_SESSIONS_REVOKED));
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheNextRequestIsStillApplied() {
        Registered account = register();
        String deviceId = "poisoned-" + account.accountId();
        Phone phone = signInOn(account.email(), deviceId);
        String unreadable = UUID.randomUUID().toString();
        String incomplete = UUID.randomUUID().toString();

        try (TopicReader deadLetters = new TopicReader(List.of(DLQ))) {
            writer.send(Topics.DEVICE_EVENTS, deviceId, "not a cloud event " + deviceId, Map.of());
            sendDeviceEvent(unreadable, EventTypes.DEVICE_SIGN_OUT_REQUESTED, deviceId, UUID.randomUUID().toString(),
                    "{not json");
            sendDeviceEvent(incomplete, EventTypes.DEVICE_SIGN_OUT_REQUESTED, deviceId, UUID.randomUUID().toString(),
                    deviceEvent(deviceId, null, "SIGNING_OUT", null));
            sendDeviceEvent(UUID.randomUUID().toString(), EventTypes.DEVICE_SIGN_OUT_REQUESTED, deviceId,
                    UUID.randomUUID().toString(), deviceEvent(deviceId, account.accountId(), "SIGNING_OUT", null));

            await().atMost(PATIENCE).untilAsserted(() -> as(phone.token()).get("/api/v1/accounts/me").then()
                    .statusCode(401));
            await().atMost(PATIENCE).until(() -> {
                List<Received> dead = deadLetters.poll();
                return dead.stream().anyMatch(r -> r.value().equals("not a cloud event " + deviceId))
                        && dead.stream().anyMatch(r -> unreadable.equals(r.header("ce_id")))
                        && dead.stream().anyMatch(r -> incomplete.equals(r.header("ce_id")));
            });
        }
    }

    private record Phone(String token, String sessionId) {
    }

    private static Phone signInOn(String identifier, String deviceId) {
        ExtractableResponse<Response> signedIn = signInOnDevice(identifier, PASSWORD, deviceId).then().statusCode(200)
                .extract();
        return new Phone(signedIn.path("accessToken"), signedIn.path("sessionId"));
    }

    /** The data of a device.*.v1 event, as device-service writes it. */
    private static String deviceEvent(String deviceId, String accountId, String state, String sessionId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deviceId", deviceId);
        data.put("accountId", accountId);
        data.put("state", state);
        data.put("model", "Xiaomi 15");
        data.put("romRegion", "GLOBAL");
        data.put("findDevice", true);
        data.put("dataChoice", null);
        data.put("sessionId", sessionId);
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

    private static List<Received> ofAccount(TopicReader reader, Registered account) {
        return reader.poll().stream().filter(r -> account.accountId().equals(r.key())).toList();
    }

    private static Predicate<Received> type(String type) {
        return r -> type.equals(r.header("ce_type"));
    }

    private static Predicate<Received> flow(String flowId) {
        return r -> flowId.equals(r.header("ce_flowid"));
    }
}
