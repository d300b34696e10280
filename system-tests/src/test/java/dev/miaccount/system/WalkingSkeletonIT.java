package dev.miaccount.system;

import dev.miaccount.testing.SystemUnderTest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.restassured.http.ContentType;

/** Register over HTTP on account-service; both other services consume the event, over their own APIs. */
class WalkingSkeletonIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    @Test
    void aRegisteredAccountIsKnownToDeviceServiceAndWelcomedByNotificationService() {
        String email = "skeleton-" + UUID.randomUUID() + "@example.com";
        String accountId = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"walking-skeleton\",\"displayName\":\"Skel\"}")
                .post("/api/v1/accounts")
                .then().statusCode(201).body("email", equalTo(email)).extract().path("accountId");

        String token = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body("{\"identifier\":\"" + email + "\",\"password\":\"walking-skeleton\"}")
                .post("/api/v1/sessions").then().statusCode(200).extract().path("accessToken");
        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(SystemUnderTest.device()).auth().oauth2(token)
                .get("/api/v1/known-accounts/{id}", accountId).then().statusCode(200)
                .body("accountId", equalTo(accountId)));

        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(SystemUnderTest.notification())
                .get("/api/v1/sandbox/messages?to={to}", email).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].body", containsString(accountId)));

        try (TopicReader reader = new TopicReader(SystemUnderTest.kafka(),
                List.of(Topics.ACCOUNT_EVENTS, Topics.NOTIFICATION_EVENTS))) {
            // the registration's flow; the web sign-in above (account.session-opened.v1) is a flow of its own
            List<TopicReader.Received> flow = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key()))
                    .filter(r -> !EventTypes.SESSION_OPENED.equals(r.header("ce_type"))).toList(),
                    records -> records.size() >= 2);
            assertThat(flow).extracting(r -> r.header("ce_type"))
                    .containsExactlyInAnyOrder(EventTypes.ACCOUNT_REGISTERED, EventTypes.NOTIFICATION_SENT);
            assertThat(flow).extracting(r -> r.header("ce_flowid")).containsOnly(flow.get(0).header("ce_flowid"));
            assertThat(flow).extracting(r -> r.header("ce_source"))
                    .containsExactlyInAnyOrder("account-service", "notification-service");
        }
    }

    @Test
    void everyServiceIsReadyAndPublishesItsOpenApi() {
        for (String url : List.of(SystemUnderTest.account(), SystemUnderTest.device(), SystemUnderTest.notification())) {
            given().baseUri(url).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Kafka")))
                    .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("atabase")));
            given().baseUri(url).get("/q/openapi?format=json").then().statusCode(200)
                    .body("openapi", org.hamcrest.Matchers.startsWith("3."));
        }
    }

    @Test
    void malformedJsonIsAProblemNotAServerError() {
        // direct: the contract check's Prism cannot forward a body that is not JSON
        given().baseUri(SystemUnderTest.direct("account-service")).contentType(ContentType.JSON).body("{\"email\":")
                .post("/api/v1/accounts").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400));
    }
}
