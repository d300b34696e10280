package dev.miaccount.account.account;

import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.stepUp;
import static dev.miaccount.account.support.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.account.support.Api;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ProfileTest {

    @Test
    void readsAndChangesTheProfileAndAnnouncesWhatChanged() {
        Registered account = register();
        String token = token(account.email());
        as(token).get("/api/v1/accounts/me").then().statusCode(200).body("email", equalTo(account.email()))
                .body("phone", equalTo(account.phone())).body("displayName", equalTo("Test"));

        as(token).body(Map.of("displayName", "Renamed")).patch("/api/v1/accounts/me").then().statusCode(200)
                .body("displayName", equalTo("Renamed")).body("email", equalTo(account.email()));

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            TopicReader.Received updated = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
                    .filter(r -> account.accountId().equals(r.key()))
                    .filter(r -> EventTypes.ACCOUNT_PROFILE_UPDATED.equals(r.header("ce_type")))
                    .findFirst().orElse(null), r -> r != null);
            assertThat(updated.value()).contains("\"changed\":[\"displayName\"]").doesNotContain("Renamed");
            assertThat(Api.openPersonal(account.accountId(), updated.value())).contains("Renamed");
        }
    }

    @Test
    void anAddressOfAnotherAccountIsAConflictAndBadFieldsAreNamed() {
        Registered mine = register();
        Registered other = register();
        String token = token(mine.email());
        as(token).header("X-Step-Up-Token", stepUp(token)).body(Map.of("email", other.email().toUpperCase()))
                .patch("/api/v1/accounts/me").then().statusCode(409).body("type", endsWith("/conflict"));
        as(token).header("X-Step-Up-Token", stepUp(token)).body(Map.of("phone", other.phone()))
                .patch("/api/v1/accounts/me").then().statusCode(409);
        // the address it has already: nothing to verify
        as(token).header("X-Step-Up-Token", stepUp(token)).body(Map.of("email", mine.email()))
                .patch("/api/v1/accounts/me").then().statusCode(200).body("email", equalTo(mine.email()));
        as(token).body(Map.of("phone", "12345")).patch("/api/v1/accounts/me").then().statusCode(400)
                .body("errors.field", hasItem("phone"));
        as(token).body(Map.of("displayName", "x".repeat(65))).patch("/api/v1/accounts/me").then().statusCode(400)
                .body("errors.field", hasItem("displayName"));
    }
}
