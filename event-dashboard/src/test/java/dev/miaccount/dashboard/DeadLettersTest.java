package dev.miaccount.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** A record some service dead-lettered shows beside the live events, masked, with why and where it came from. */
@QuarkusTest
class DeadLettersTest {

    @Test
    void aDeadLetteredRecordIsShownMaskedWithItsReasonAndOrigin() {
        String marker = "poison-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter()) {
            writer.send("device-events.account-service.dlq", "phone-1",
                    "{\"" + marker + "\":true,\"email\":\"victim@example.com\"}",
                    Map.of("dead-letter-topic", "device-events", "dead-letter-reason", "names no deviceId"));
        }
        JsonPath letter = await().atMost(Duration.ofSeconds(60)).until(
                () -> given().get("/api/v1/dead-letters").then().statusCode(200).extract().jsonPath(),
                json -> json.getList("preview", String.class).stream().anyMatch(p -> p.contains(marker)));
        List<Map<String, Object>> letters = letter.getList("$");
        Map<String, Object> ours = letters.stream().filter(l -> String.valueOf(l.get("preview")).contains(marker))
                .findFirst().orElseThrow();
        assertThat(ours).containsEntry("topic", "device-events.account-service.dlq")
                .containsEntry("originalTopic", "device-events").containsEntry("reason", "names no deviceId");
        assertThat(String.valueOf(ours.get("preview"))).doesNotContain("victim@example.com");
    }
}
