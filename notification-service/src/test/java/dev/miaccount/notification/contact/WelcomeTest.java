package dev.miaccount.notification.contact;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.EventTypes;
import dev.miaccount.notification.support.Accounts;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class WelcomeTest {

    private static String accountId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    private static void registered(String accountId, String email, String phone, String flowId) {
        String data;
        try {
            data = new ObjectMapper().writeValueAsString(Accounts.registration(accountId, email, phone, "Mi Fan"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        var headers = TopicWriter.cloudEventHeaders(UUID.randomUUID().toString(), EventTypes.ACCOUNT_REGISTERED,
                "account-service", accountId, flowId);
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.ACCOUNT_EVENTS, accountId, data, headers);
            writer.send(Topics.ACCOUNT_EVENTS, accountId, data, headers); // a redelivery welcomes no one twice
        }
    }

    @Test
    void welcomesANewAccountByEmailOnceAndAnnouncesItWithAMaskedDestination() {
        String accountId = accountId();
        String email = "fan-" + accountId + "@example.com";
        String flowId = UUID.randomUUID().toString();
        registered(accountId, email, null, flowId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .get("/api/v1/sandbox/messages?to={to}", email.toUpperCase()).then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].channel", equalTo("EMAIL"))
                .body("[0].subject", equalTo("Welcome to Mi Account"))
                .body("[0].body", containsString(accountId)));

        try (TopicReader reader = new TopicReader(List.of(Topics.NOTIFICATION_EVENTS))) {
            TopicReader.Received sent = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key())).findFirst().orElse(null), r -> r != null);
            assertThat(sent.header("ce_type")).isEqualTo(EventTypes.NOTIFICATION_SENT);
            assertThat(sent.header("ce_flowid")).isEqualTo(flowId);
            assertThat(sent.value()).contains("f***@example.com").doesNotContain(email);
        }
        // the duplicate registered event did not send a second welcome
        given().get("/api/v1/sandbox/messages?to={to}", email).then().body("$", hasSize(1));
    }

    @Test
    void welcomesAnAccountWithoutEmailBySms() {
        String accountId = accountId();
        String phone = "+86139" + accountId.substring(2);
        registered(accountId, null, phone, UUID.randomUUID().toString());

        // an unencoded '+' in the query arrives as a space; the sandbox still finds the phone
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().urlEncodingEnabled(false)
                .get("/api/v1/sandbox/messages?to=+" + phone.substring(1)).then().statusCode(200)
                .body("channel", contains("SMS")).body("[0].to", equalTo(phone)));
    }

    @Test
    void aBadLimitIsABadRequest() {
        given().get("/api/v1/sandbox/messages?to=someone@example.com&limit=0").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
    }
}
