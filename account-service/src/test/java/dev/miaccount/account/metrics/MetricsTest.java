package dev.miaccount.account.metrics;

import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static dev.miaccount.account.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import io.quarkus.test.junit.QuarkusTest;

/** What an operator scrapes at /q/metrics: sign-ins by outcome, the hashing pool, the outbox, the consumers, Kafka. */
@QuarkusTest
class MetricsTest {

    @Test
    void signInsTheHashingPoolTheOutboxAndTheConsumersAreScraped() {
        Registered account = register();
        token(account.email());
        signIn(account.email(), "not the password").then().statusCode(401);

        String metrics = await().atMost(Duration.ofSeconds(30)).until(MetricsTest::scrape,
                text -> text.contains("miaccount_consumer_applied_total{channel=\"activity-account-events\""));
        assertThat(metrics)
                .contains("miaccount_sign_ins_seconds_count{outcome=\"signed-in\"")
                .contains("miaccount_sign_ins_seconds_count{outcome=\"invalid-credentials\"")
                .contains("miaccount_hashing_queue ")
                .contains("miaccount_hashing_in_flight ")
                .contains("miaccount_outbox_backlog ")
                .contains("miaccount_outbox_lag_seconds ")
                .contains("miaccount_consumer_dead_letters_total{channel=\"activity-account-events\"")
                .contains("miaccount_consumer_duplicates_total{channel=\"activity-account-events\"")
                .contains("kafka_consumer_fetch_manager_records_lag");
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
