package dev.miaccount.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Events with personal data in them, written to the real broker as a producer might: the dashboard keeps and
 * serves them masked, in the list, in the live stream and in its memory.
 */
@QuarkusTest
class PersonalDataTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String EMAIL = "mi.fan@example.com";
    private static final String PHONE = "+8613800138000";
    private static final String NEW_PHONE = "+8613912345678";
    private static final String NAME = "Mi Fan";

    @Inject
    EventWindow window;

    @Test
    void keepsAndServesEveryEventMasked() throws Exception {
        String accountId = TestEvents.accountId();
        String registered = TestEvents.id();
        String updated = TestEvents.id();
        String sent = TestEvents.id();
        String text = TestEvents.id();
        Instant start = TestEvents.now().minusSeconds(1);

        int before = window.subscribers();
        try (SseClient stream = new SseClient("/api/v1/events/stream?subject=" + accountId)) {
            await().atMost(PATIENCE).until(() -> window.subscribers() > before);
            try (TopicWriter writer = new TopicWriter()) {
                TestEvents.write(writer, Topics.ACCOUNT_EVENTS, registered, EventTypes.ACCOUNT_REGISTERED,
                        "account-service", accountId, TestEvents.id(), start,
                        "{\"accountId\":\"" + accountId + "\",\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE
                                + "\",\"displayName\":\"" + NAME + "\"}");
                // field names no producer uses today, nested: recognisable all the same
                TestEvents.write(writer, Topics.ACCOUNT_EVENTS, updated, "account.contact-changed.v1",
                        "account-service", accountId, TestEvents.id(), start.plusMillis(10),
                        "{\"accountId\":\"" + accountId + "\",\"change\":{\"newPhone\":\"" + NEW_PHONE
                                + "\",\"old\":{\"phone_number\":\"" + PHONE + "\"}},\"nickname\":\"" + NAME
                                + "\",\"reason\":\"moved from " + EMAIL + "\"}");
                TestEvents.write(writer, Topics.NOTIFICATION_EVENTS, sent, EventTypes.NOTIFICATION_SENT,
                        "notification-service", accountId, TestEvents.id(), start.plusMillis(20),
                        "{\"accountId\":\"" + accountId + "\",\"channel\":\"SMS\",\"to\":\"" + PHONE
                                + "\",\"recipient\":\"" + NAME + "\"}");
                TestEvents.write(writer, Topics.NOTIFICATION_EVENTS, text, "notification.odd.v1",
                        "notification-service", accountId, TestEvents.id(), start.plusMillis(30),
                        "sent to " + EMAIL + " and " + PHONE);
            }

            await().atMost(PATIENCE).untilAsserted(() -> given().queryParam("subject", accountId)
                    .get("/api/v1/events").then().statusCode(200)
                    .body("id", hasItems(registered, updated, sent, text)));
            await().atMost(PATIENCE).until(() -> stream.ids().containsAll(List.of(registered, updated, sent, text)));

            String served = given().queryParam("subject", accountId).get("/api/v1/events").then().extract().asString();
            assertNothingRaw(served);
            assertNothingRaw(stream.events().toString());
            assertNothingRaw(window.recent(EventQuery.of(accountId, null, null, null)).toString());

            JsonNode byId = new ObjectMapper().readTree(served);
            JsonNode registeredData = find(byId, registered).path("data");
            assertThat(registeredData.path("email").asText()).isEqualTo("m***@example.com");
            assertThat(registeredData.path("phone").asText()).isEqualTo("+86*******8000");
            assertThat(registeredData.path("displayName").asText()).isEqualTo("M***");
            assertThat(registeredData.path("accountId").asText()).isEqualTo(accountId);
            JsonNode updatedData = find(byId, updated).path("data");
            assertThat(updatedData.path("change").path("newPhone").asText()).isEqualTo("+86*******5678");
            assertThat(updatedData.path("change").path("old").path("phone_number").asText())
                    .isEqualTo("+86*******8000");
            assertThat(updatedData.path("nickname").asText()).isEqualTo("M***");
            assertThat(updatedData.path("reason").asText()).isEqualTo("moved from m***@example.com");
            JsonNode sentData = find(byId, sent).path("data");
            assertThat(sentData.path("to").asText()).isEqualTo("+86*******8000");
            assertThat(sentData.path("recipient").asText()).isEqualTo("M***");
            assertThat(find(byId, text).path("data").asText())
                    .isEqualTo("sent to m***@example.com and +86*******8000");
        }
    }

    private static JsonNode find(JsonNode events, String id) {
        for (JsonNode event : events) {
            if (event.path("id").asText().equals(id)) {
                return event;
            }
        }
        throw new AssertionError("no event " + id);
    }

    private static void assertNothingRaw(String text) {
        assertThat(text).doesNotContain(EMAIL, PHONE, PHONE.substring(1), NEW_PHONE, NAME);
    }
}
