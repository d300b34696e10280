package dev.miaccount.device.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicWriter;
import dev.miaccount.device.support.Phones;
import dev.miaccount.device.support.Phones.Session;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class KnownAccountTest {

    @Test
    void learnsOfAnAccountFromItsRegisteredEvent() {
        String accountId = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
        Session own = Phones.signInOnWeb(accountId);
        own.call().get("/api/v1/known-accounts/{id}", accountId).then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/not-found"));

        try (TopicWriter writer = new TopicWriter()) {
            String eventId = UUID.randomUUID().toString();
            String data = "{\"accountId\":\"" + accountId + "\",\"email\":\"x@example.com\",\"phone\":null,"
                    + "\"displayName\":null,\"createdAt\":\"2026-11-28T10:00:00Z\"}";
            var headers = TopicWriter.cloudEventHeaders(eventId, EventTypes.ACCOUNT_REGISTERED, "account-service",
                    accountId, UUID.randomUUID().toString());
            writer.send(Topics.ACCOUNT_EVENTS, accountId, data, headers);
            writer.send(Topics.ACCOUNT_EVENTS, accountId, data, headers); // redelivered: no harm
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> own.call()
                .get("/api/v1/known-accounts/{id}", accountId).then().statusCode(200)
                .body("accountId", equalTo(accountId))
                .body("registeredAt", equalTo("2026-11-28T10:00:00Z")));
        // nobody else learns which accounts exist
        given().get("/api/v1/known-accounts/{id}", accountId).then().statusCode(401);
        Phones.signInOnWeb(Phones.newAccountId()).call().get("/api/v1/known-accounts/{id}", accountId).then()
                .statusCode(404).body("type", endsWith("/not-found"));
    }

    @Test
    void aMalformedAccountIdIsABadRequest() {
        Phones.signInOnWeb(Phones.newAccountId()).call().get("/api/v1/known-accounts/{id}", "12ab").then()
                .statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("accountId"));
    }
}
