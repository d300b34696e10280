package dev.miaccount.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class EventsApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void showsTheEventsOfASubjectNewestFirstWithEveryAttribute() {
        String accountId = TestEvents.accountId();
        String flowId = TestEvents.id();
        Instant first = TestEvents.now().minusSeconds(2);
        String registered = TestEvents.id();
        String welcomed = TestEvents.id();
        String alerted = TestEvents.id();
        try (TopicWriter writer = new TopicWriter()) {
            TestEvents.write(writer, Topics.ACCOUNT_EVENTS, registered, EventTypes.ACCOUNT_REGISTERED,
                    "account-service", accountId, flowId, first,
                    "{\"accountId\":\"" + accountId + "\",\"email\":\"mi.fan@example.com\",\"phone\":null,"
                            + "\"displayName\":\"Mi Fan\",\"createdAt\":\"" + first + "\"}");
            TestEvents.write(writer, Topics.NOTIFICATION_EVENTS, welcomed, EventTypes.NOTIFICATION_SENT,
                    "notification-service", accountId, flowId, first.plusMillis(1500),
                    "{\"accountId\":\"" + accountId + "\",\"kind\":\"WELCOME\",\"status\":\"SENT\"}");
            TestEvents.write(writer, Topics.NOTIFICATION_EVENTS, alerted, EventTypes.NOTIFICATION_FAILED,
                    "notification-service", accountId, TestEvents.id(), first.plusMillis(1700),
                    "{\"accountId\":\"" + accountId + "\",\"status\":\"FAILED\"}");
        }

        await().atMost(PATIENCE).untilAsserted(() -> given().queryParam("subject", accountId)
                .get("/api/v1/events").then().statusCode(200).contentType(ContentType.JSON)
                .body("id", contains(alerted, welcomed, registered)));

        given().queryParam("subject", accountId).get("/api/v1/events").then()
                .body("[2].id", equalTo(registered))
                .body("[2].type", equalTo(EventTypes.ACCOUNT_REGISTERED))
                .body("[2].source", equalTo("account-service"))
                .body("[2].subject", equalTo(accountId))
                .body("[2].time", equalTo(first.toString()))
                .body("[2].flowId", equalTo(flowId))
                .body("[2].data.accountId", equalTo(accountId))
                .body("[2].data.email", equalTo("m***@example.com"))
                .body("[2].data.displayName", equalTo("M***"))
                .body("[2].data", hasKey("phone"))
                .body("[1].source", equalTo("notification-service"))
                .body("[1].time", equalTo(first.plusMillis(1500).toString()));
    }

    @Test
    void showsTheTraceIdOfTheRecordsTraceparentAndNothingForAMalformedOne() {
        String accountId = TestEvents.accountId();
        String flowId = TestEvents.id();
        String traced = TestEvents.id();
        String malformed = TestEvents.id();
        String untraced = TestEvents.id();
        Instant time = TestEvents.now();
        try (TopicWriter writer = new TopicWriter()) {
            Map<String, String> headers = TestEvents.headers(traced, EventTypes.NOTIFICATION_SENT,
                    "notification-service", accountId, flowId, time);
            headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            writer.send(Topics.NOTIFICATION_EVENTS, accountId, "{}", headers);
            headers = TestEvents.headers(malformed, EventTypes.NOTIFICATION_SENT, "notification-service",
                    accountId, flowId, time.plusMillis(1));
            headers.put("traceparent", "00-<script>-00f067aa0ba902b7-01");
            writer.send(Topics.NOTIFICATION_EVENTS, accountId, "{}", headers);
            TestEvents.write(writer, Topics.NOTIFICATION_EVENTS, untraced, EventTypes.NOTIFICATION_SENT,
                    "notification-service", accountId, flowId, time.plusMillis(2), "{}");
        }

        await().atMost(PATIENCE).untilAsserted(() -> given().queryParam("flowId", flowId)
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(untraced, malformed, traced))
                .body("traceId", contains(null, null, "4bf92f3577b34da6a3ce929d0e0e4736")));
    }

    @Test
    void filtersBySubjectTypeFlowAndLimit() {
        String accountId = TestEvents.accountId();
        String deviceId = TestEvents.deviceId();
        String flowId = TestEvents.id();
        Instant start = TestEvents.now().minusSeconds(10);
        String request = TestEvents.id();
        String revoked = TestEvents.id();
        String signedOut = TestEvents.id();
        String alert = TestEvents.id();
        try (TopicWriter writer = new TopicWriter()) {
            // one flow across three services and all three topics
            TestEvents.write(writer, Topics.DEVICE_EVENTS, request, "device.sign-out-requested.v1", "device-service",
                    deviceId, flowId, start, "{\"deviceId\":\"" + deviceId + "\"}");
            TestEvents.write(writer, Topics.ACCOUNT_EVENTS, revoked, "account.device-sessions-revoked.v1",
                    "account-service", accountId, flowId, start.plusMillis(40), "{\"deviceId\":\"" + deviceId + "\"}");
            TestEvents.write(writer, Topics.DEVICE_EVENTS, signedOut, "device.signed-out.v1", "device-service",
                    deviceId, flowId, start.plusMillis(90), "{\"deviceId\":\"" + deviceId + "\"}");
            TestEvents.write(writer, Topics.NOTIFICATION_EVENTS, alert, EventTypes.NOTIFICATION_SENT,
                    "notification-service", accountId, flowId, start.plusMillis(150), "{\"reason\":\"DEVICE_SIGNED_OUT\"}");
        }

        await().atMost(PATIENCE).untilAsserted(() -> given().queryParam("flowId", flowId)
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(alert, signedOut, revoked, request)));

        given().queryParam("subject", deviceId).get("/api/v1/events").then().statusCode(200)
                .body("id", contains(signedOut, request));
        given().queryParam("subject", accountId).queryParam("type", EventTypes.NOTIFICATION_SENT)
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(alert));
        given().queryParam("flowId", flowId).queryParam("type", "device.signed-out.v1")
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(signedOut));
        given().queryParam("flowId", flowId).queryParam("limit", "2")
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(alert, signedOut));
        given().queryParam("flowId", TestEvents.id()).get("/api/v1/events").then().statusCode(200)
                .body("$", empty());
        // empty filter values are no filters, as a form sends them
        given().queryParam("subject", "").queryParam("type", "").queryParam("flowId", flowId).queryParam("limit", "")
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(alert, signedOut, revoked, request));
    }

    @Test
    void showsARedeliveredEventOnce() {
        String accountId = TestEvents.accountId();
        String eventId = TestEvents.id();
        String next = TestEvents.id();
        Instant time = TestEvents.now();
        try (TopicWriter writer = new TopicWriter()) {
            for (int delivery = 0; delivery < 3; delivery++) {
                TestEvents.write(writer, Topics.ACCOUNT_EVENTS, eventId, EventTypes.ACCOUNT_REGISTERED,
                        "account-service", accountId, TestEvents.id(), time, "{\"accountId\":\"" + accountId + "\"}");
            }
            // same key, same partition: once this one shows, the copies before it have been read
            TestEvents.write(writer, Topics.ACCOUNT_EVENTS, next, EventTypes.ACCOUNT_REGISTERED, "account-service",
                    accountId, TestEvents.id(), time.plusMillis(1), "{\"accountId\":\"" + accountId + "\"}");
        }

        await().atMost(PATIENCE).untilAsserted(() -> given().queryParam("subject", accountId)
                .get("/api/v1/events").then().statusCode(200)
                .body("id", contains(next, eventId)));
    }

    @Test
    void skipsRecordsThatAreNoCloudEventsAndReadsOn() {
        String accountId = TestEvents.accountId();
        String marker = "raw-" + TestEvents.id();
        String afterwards = TestEvents.id();
        String withoutTime = TestEvents.id();
        String notJson = TestEvents.id();
        Instant before = Instant.now().minusSeconds(1);
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.ACCOUNT_EVENTS, accountId, "{\"marker\":\"" + marker + "\"}", Map.of());
            writer.send(Topics.ACCOUNT_EVENTS, accountId, "{\"marker\":\"" + marker + "\"}",
                    Map.of("ce_id", TestEvents.id(), "ce_subject", accountId)); // no type, source, specversion
            TestEvents.write(writer, Topics.ACCOUNT_EVENTS, notJson, "account.odd.v1", "account-service", accountId,
                    TestEvents.id(), TestEvents.now(), "not json at all");
            Map<String, String> headers = TestEvents.headers(withoutTime, "account.timeless.v1", "account-service",
                    accountId, TestEvents.id(), null);
            headers.put("ce_time", "yesterday"); // unreadable: the record's timestamp stands in
            writer.send(Topics.ACCOUNT_EVENTS, accountId, "{}", headers);
            TestEvents.write(writer, Topics.ACCOUNT_EVENTS, afterwards, EventTypes.ACCOUNT_REGISTERED,
                    "account-service", accountId, TestEvents.id(), TestEvents.now().plusSeconds(5),
                    "{\"accountId\":\"" + accountId + "\"}");
        }

        await().atMost(PATIENCE).untilAsserted(() -> given().queryParam("subject", accountId)
                .get("/api/v1/events").then().statusCode(200)
                .body("id", hasItem(afterwards)));

        List<Map<String, Object>> events = given().queryParam("subject", accountId).get("/api/v1/events").then()
                .extract().jsonPath().getList("$");
        assertThat(events).extracting(event -> event.get("id")).containsExactlyInAnyOrder(afterwards, withoutTime,
                notJson);
        Map<String, Object> timeless = events.stream().filter(e -> e.get("id").equals(withoutTime)).findFirst()
                .orElseThrow();
        assertThat(Instant.parse((String) timeless.get("time"))).isBetween(before, Instant.now());
        Map<String, Object> odd = events.stream().filter(e -> e.get("id").equals(notJson)).findFirst().orElseThrow();
        assertThat(odd.get("data")).isEqualTo("not json at all");

        List<String> everything = given().queryParam("limit", 1000).get("/api/v1/events").then().statusCode(200)
                .extract().jsonPath().getList("data.marker", String.class);
        assertThat(everything).doesNotContain(marker);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit   | 0",
            "limit   | 1001",
            "limit   | abc",
            "limit   | -5",
            "limit   | 2.5",
            "subject | 12 34",
            "subject | phone/1",
            "subject | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "type    | Account.Registered.v1",
            "type    | account registered",
            "flowId  | 0123456789012345678901234567890123456789012345678901234567890123x",
    })
    void refusesABadFilterWithAProblem(String field, String value) {
        given().queryParam(field, value).get("/api/v1/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation"))
                .body("status", equalTo(400))
                .body("detail", containsString(field + ": "))
                .body("errors[0].field", equalTo(field));
    }

    @Test
    void namesEveryBadFilterInOneProblem() {
        given().queryParam("limit", "0").queryParam("type", "X").get("/api/v1/events").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("type", "limit"));
    }

    @Test
    void refusesABadFilterOfTheStreamWithAProblem() {
        given().accept("text/event-stream").queryParam("subject", "not an id!").get("/api/v1/events/stream").then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/validation"))
                .body("errors[0].field", equalTo("subject"));
    }

    @Test
    void servesTheDashboardPage() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<canvas id=\"chart\""))
                .body(containsString("dashboard.js"));
        given().get("/dashboard.js").then().statusCode(200)
                .body(containsString("new EventSource("))
                .body(containsString("/api/v1/events"));
        given().get("/dashboard.css").then().statusCode(200);
    }

    @Test
    void isReadyWithKafkaAndDescribesItsApi() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsStringIgnoringCase("kafka"))));
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/v1/events'.get", notNullValue())
                .body("paths.'/api/v1/events/stream'.get", notNullValue())
                .body("paths.'/api/v1/events'.post", nullValue());
    }

    @Test
    void readsEveryTopicOfTheContracts() {
        String topics = ConfigProvider.getConfig().getValue("mp.messaging.incoming.events.topics", String.class);
        assertThat(topics.split(",")).containsExactlyInAnyOrder(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS,
                Topics.NOTIFICATION_EVENTS);
    }
}
