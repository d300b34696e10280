package dev.miaccount.notification.metrics;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.registered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What an operator scrapes at /q/metrics: the outbox, the consumers (dead letters, retries), Kafka. */
@QuarkusTest
class MetricsTest {

    @Test
    void theBackboneIsScraped() {
        String accountId = newAccountId();
        registered(accountId, "metrics-" + accountId + "@example.com", null);

        String metrics = await().atMost(PATIENCE).until(MetricsTest::scrape,
                text -> text.contains("miaccount_consumer_applied_total{channel=\"account-events\""));
        assertThat(metrics)
                .contains("miaccount_outbox_backlog ")
                .contains("miaccount_outbox_lag_seconds ")
                .contains("miaccount_consumer_dead_letters_total{channel=\"account-events\"")
                .contains("miaccount_consumer_duplicates_total{channel=\"account-events\"")
                .contains("kafka_consumer_fetch_manager_records_lag");
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
