package dev.miaccount.account.activity;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static dev.miaccount.account.support.Api.signInOnDevice;
import static dev.miaccount.account.support.Api.stepUp;
import static dev.miaccount.account.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.ReceivedEvent;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Recent security activity: built from the events, paged, and the same when rebuilt from a replay. */
@QuarkusTest
class ActivityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ActivityProjection projection;

    @Inject
    ObjectMapper mapper;

    @Test
    void showsWhatHappenedNewestFirstPagedAndRebuildsIdenticallyFromAReplay() throws Throwable {
        Registered account = register();
        String web = token(account.email());
        String deviceId = "phone-" + UUID.randomUUID().toString().substring(0, 8);
        signInOnDevice(account.phone(), PASSWORD, deviceId).then().statusCode(200);
        signIn(account.email(), "not the password").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("identifier", account.email()))
                .post("/api/v1/password-resets").then().statusCode(202);
        deviceDeleted(account.accountId(), deviceId);
        String flowId = as(web).header("X-Step-Up-Token", stepUp(web)).delete("/api/v1/sessions").then()
                .statusCode(202).extract().path("flowId");

        List<String> expected = List.of("SIGNED_OUT_EVERYWHERE", "DEVICE_DELETED", "PASSWORD_RESET_REQUESTED",
                "SIGN_IN_FAILED", "SIGNED_IN", "SIGNED_IN");
        List<Map<String, Object>> live = await().atMost(PATIENCE).until(() -> all(web),
                items -> items.stream().map(i -> i.get("type")).toList().containsAll(expected));
        assertThat(live).extracting(i -> i.get("type")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(live).extracting(i -> Instant.parse((String) i.get("at"))).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(live).filteredOn(i -> "SIGNED_IN".equals(i.get("type")) && deviceId.equals(i.get("deviceId")))
                .singleElement().extracting(i -> i.get("model")).isEqualTo("Xiaomi 15");
        assertThat(live).filteredOn(i -> "SIGNED_OUT_EVERYWHERE".equals(i.get("type"))).singleElement()
                .extracting(i -> i.get("flowId")).isEqualTo(flowId);

        // pages of two walk the same list
        List<Object> paged = new ArrayList<>();
        String before = null;
        do {
            var request = as(web).queryParam("limit", 2);
            if (before != null) {
                request.queryParam("before", before);
            }
            JsonPath page = request.get("/api/v1/accounts/me/activity").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items"));
            before = page.getString("next");
        } while (before != null);
        assertThat(paged).isEqualTo(live);

        // drop the account's rows and replay both topics from offset 0 through the same projection
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery("DELETE FROM activity WHERE account_id = :account")
                        .setParameter("account", account.accountId()).executeUpdate())));
        assertThat(all(web)).isEmpty();
        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS))) {
            List<TopicReader.Received> records = await().atMost(PATIENCE).until(reader::poll,
                    list -> list.stream().anyMatch(r -> flowId.equals(r.header("ce_flowid"))
                            && EventTypes.SIGNED_OUT_EVERYWHERE.equals(r.header("ce_type"))));
            for (TopicReader.Received record : records) {
                ReceivedEvent event = eventOf(record);
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> projection.apply(event)));
            }
        }
        assertThat(all(web)).isEqualTo(live);
    }

    @Test
    void aLockoutIsShownOnceToTheAccountOnlyAndBadPagingIsAClearProblem() {
        Registered account = register();
        String token = token(account.email()); // a session opened before the lockout still reads the page
        for (int i = 0; i < 10; i++) {
            signIn(account.email(), "guess " + i).then().statusCode(401);
        }
        signIn(account.email(), PASSWORD).then().statusCode(429);
        // the reset request is the marker: once it shows, every failure before it on the partition has been projected
        given().contentType(ContentType.JSON).body(Map.of("identifier", account.email()))
                .post("/api/v1/password-resets").then().statusCode(202);
        List<Map<String, Object>> items = await().atMost(PATIENCE).until(() -> all(token),
                list -> list.stream().anyMatch(i -> "PASSWORD_RESET_REQUESTED".equals(i.get("type"))));
        assertThat(items).filteredOn(i -> "LOCKED_OUT".equals(i.get("type"))).hasSize(1);
        assertThat(items).filteredOn(i -> "SIGN_IN_FAILED".equals(i.get("type"))).hasSize(9);

        String stranger = token(register().email());
        assertThat(all(stranger)).noneMatch(i -> "LOCKED_OUT".equals(i.get("type")));
        as(stranger).queryParam("limit", 0).get("/api/v1/accounts/me/activity").then().statusCode(400);
        as(stranger).queryParam("before", "not a cursor").get("/api/v1/accounts/me/activity").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static List<Map<String, Object>> all(String token) {
        return as(token).queryParam("limit", 100).get("/api/v1/accounts/me/activity").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** device-service's word that the phone is gone, as it would publish it. */
    private static void deviceDeleted(String accountId, String deviceId) {
        String data = "{\"deviceId\":\"" + deviceId + "\",\"accountId\":\"" + accountId + "\",\"state\":\"DELETED\","
                + "\"model\":\"Xiaomi 15\",\"romRegion\":\"GLOBAL\",\"findDevice\":false,\"dataChoice\":null,"
                + "\"sessionId\":null,\"at\":\"" + Instant.now() + "\"}";
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.DEVICE_EVENTS, deviceId, data, TopicWriter.cloudEventHeaders(
                    UUID.randomUUID().toString(), EventTypes.DEVICE_DELETED, "device-service", deviceId,
                    UUID.randomUUID().toString()));
        }
    }

    private ReceivedEvent eventOf(TopicReader.Received record) {
        String time = record.header("ce_time");
        return new ReceivedEvent(record.header("ce_id"), record.header("ce_type"), record.header("ce_source"),
                record.header("ce_subject"), time == null ? null : ZonedDateTime.parse(time),
                record.header("ce_flowid"), record.value(), mapper);
    }
}
