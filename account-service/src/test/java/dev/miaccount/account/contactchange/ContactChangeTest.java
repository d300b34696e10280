package dev.miaccount.account.contactchange;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static dev.miaccount.account.support.Api.stepUp;
import static dev.miaccount.account.support.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.passwordreset.FakeVerificationCodes;
import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** A stolen access token alone cannot move the account to another address. */
@QuarkusTest
class ContactChangeTest {

    @Test
    void aNewEmailTakesThePasswordAgainAndTheCodeSentToIt() {
        Registered account = register();
        String token = token(account.email());
        String newEmail = "moved-" + UUID.randomUUID() + "@example.com";

        as(token).body(Map.of("email", newEmail)).patch("/api/v1/accounts/me").then().statusCode(403)
                .contentType("application/problem+json").body("type", endsWith("/password-required"));

        String stepUp = stepUp(token);
        Response accepted = as(token).header("X-Step-Up-Token", stepUp)
                .body(Map.of("email", newEmail, "displayName", "Moved")).patch("/api/v1/accounts/me");
        accepted.then().statusCode(202);
        String changeId = accepted.path("changeId");
        as(token).header("X-Step-Up-Token", stepUp).body(Map.of("email", newEmail)).patch("/api/v1/accounts/me")
                .then().statusCode(403).body("type", endsWith("/password-required"));
        // the name changes at once; the address only with the code
        as(token).get("/api/v1/accounts/me").then().statusCode(200).body("email", equalTo(account.email()))
                .body("displayName", equalTo("Moved"));

        confirm(token, changeId, "000000").then().statusCode(400).body("type", endsWith("/invalid-code"));
        confirm(token, UUID.randomUUID().toString(), "000000").then().statusCode(400)
                .body("type", endsWith("/invalid-code"));
        String stranger = token(register().email());
        FakeVerificationCodes.expect(changeId, "246810");
        confirm(stranger, changeId, "246810").then().statusCode(400).body("type", endsWith("/invalid-code"));

        confirm(token, changeId, "246810").then().statusCode(200).body("email", equalTo(newEmail));
        signIn(newEmail, PASSWORD).then().statusCode(200);
        signIn(account.email(), PASSWORD).then().statusCode(401);
        FakeVerificationCodes.expect(changeId, "246810");
        confirm(token, changeId, "246810").then().statusCode(400);

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            List<String> types = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
                    .filter(r -> account.accountId().equals(r.key())).map(r -> r.header("ce_type")).toList(),
                    list -> list.contains(EventTypes.CONTACT_CHANGED)
                            && list.lastIndexOf(EventTypes.ACCOUNT_PROFILE_UPDATED)
                                    > list.indexOf(EventTypes.CONTACT_CHANGED));
            assertThat(types).contains(EventTypes.CONTACT_CHANGE_REQUESTED);
            // the old address is still known to notification-service when it is told of the change
            assertThat(types.indexOf(EventTypes.CONTACT_CHANGE_REQUESTED))
                    .isLessThan(types.indexOf(EventTypes.CONTACT_CHANGED));
        }
    }

    @Test
    void oneAddressAtATimeAndTheOneItHasNeedsNoCode() {
        Registered account = register();
        String token = token(account.email());
        as(token).header("X-Step-Up-Token", stepUp(token))
                .body(Map.of("email", "a-" + UUID.randomUUID() + "@example.com", "phone", "+8613912345678"))
                .patch("/api/v1/accounts/me").then().statusCode(400).body("type", endsWith("/validation"));
        as(token).header("X-Step-Up-Token", stepUp(token)).body(Map.of("phone", account.phone()))
                .patch("/api/v1/accounts/me").then().statusCode(200).body("phone", equalTo(account.phone()));
    }

    private static Response confirm(String token, String changeId, String code) {
        return as(token).body(Map.of("code", code)).post("/api/v1/accounts/me/contact-changes/{id}/confirm", changeId);
    }
}
