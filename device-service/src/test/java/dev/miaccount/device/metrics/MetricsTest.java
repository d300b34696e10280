package dev.miaccount.device.metrics;

import static dev.miaccount.device.support.Phones.newAccountId;
import static dev.miaccount.device.support.Phones.newDeviceId;
import static dev.miaccount.device.support.Phones.sessionsRevoked;
import static dev.miaccount.device.support.Phones.signInOnPhone;
import static dev.miaccount.device.support.Phones.signOutBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.miaccount.device.support.Phones.Session;
import io.quarkus.test.junit.QuarkusTest;

/** What an operator scrapes at /q/metrics: how long flows take, the outbox, the consumers, Kafka. */
@QuarkusTest
class MetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aFinishedSignOutIsTimedAndTheBackboneIsScraped() {
        Session phone = signInOnPhone(newAccountId(), newDeviceId(), "GLOBAL", false);
        await().atMost(PATIENCE).untilAsserted(() -> phone.call().get("/api/v1/devices/{id}", phone.deviceId())
                .then().statusCode(200).body("state", equalTo("BOUND")));
        String flowId = phone.call().body(signOutBody("KEEP", null))
                .post("/api/v1/devices/{id}/sign-out", phone.deviceId()).then().statusCode(202).extract()
                .path("flowId");
        sessionsRevoked(phone, "SIGN_OUT", flowId);

        String metrics = await().atMost(PATIENCE).until(MetricsTest::scrape,
                text -> text.contains("miaccount_flow_duration_seconds_count{flow=\"sign-out\""));
        assertThat(metrics)
                .contains("miaccount_flow_duration_seconds_sum{flow=\"sign-out\"")
                .contains("miaccount_outbox_backlog ")
                .contains("miaccount_outbox_lag_seconds ")
                .contains("miaccount_consumer_applied_total{channel=\"account-events\"")
                .contains("miaccount_consumer_dead_letters_total{channel=\"account-events\"")
                .contains("kafka_consumer_fetch_manager_records_lag");
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
