package dev.miaccount.account;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signInOnDevice;
import static dev.miaccount.account.support.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

/** After register, sign-in, step-up, profile change and revocation, no record carries a secret. */
@QuarkusTest
class NoSecretsOnKafkaTest {

    @Test
    void noPasswordHashOrTokenInAnyRecordOfAnyTopic() {
        Registered account = register();
        String webToken = token(account.email());
        String deviceToken = signInOnDevice(account.accountId(), PASSWORD, "p-" + account.accountId())
                .then().statusCode(200).extract().path("accessToken");
        String stepUp = as(webToken).body(Map.of("password", PASSWORD)).post("/api/v1/accounts/me/reauth")
                .then().statusCode(200).extract().path("stepUpToken");
        as(webToken).body(Map.of("displayName", "No Secrets")).patch("/api/v1/accounts/me").then().statusCode(200);
        as(deviceToken).delete("/api/v1/sessions/current").then().statusCode(204);

        List<String> secrets = new ArrayList<>(List.of(PASSWORD, "$argon2id", "argon2"));
        for (String token : List.of(webToken, deviceToken, stepUp)) {
            secrets.add(token);
            secrets.addAll(List.of(token.split("\\.")[1], token.split("\\.")[2]));
        }

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS,
                Topics.NOTIFICATION_EVENTS))) {
            List<TopicReader.Received> records = await().atMost(Duration.ofSeconds(30)).until(reader::poll,
                    all -> all.stream().anyMatch(r -> account.accountId().equals(r.key())
                            && EventTypes.SESSION_REVOKED.equals(r.header("ce_type"))));
            List<String> types = records.stream().filter(r -> account.accountId().equals(r.key()))
                    .map(r -> r.header("ce_type")).toList();
            assertThat(types).contains(EventTypes.ACCOUNT_REGISTERED, EventTypes.SESSION_OPENED,
                    EventTypes.ACCOUNT_PROFILE_UPDATED, EventTypes.SESSION_REVOKED);
            for (TopicReader.Received record : records) {
                String everything = record.key() + record.value() + record.headers();
                for (String secret : secrets) {
                    assertThat(everything).as("record %s of %s", record.header("ce_type"), record.topic())
                            .doesNotContain(secret);
                }
            }
        }
    }
}
