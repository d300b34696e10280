package dev.miaccount.account.session;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signInOnDevice;
import static dev.miaccount.account.support.Api.stepUp;
import static dev.miaccount.account.support.Api.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** "Your devices and sessions": list them, end one, or end all but this one with the password again. */
@QuarkusTest
class YourSessionsTest {

    @Test
    void listsTheLiveSessionsMarksTheCurrentOneAndNotesTheirUse() {
        Registered account = register();
        String web = token(account.email());
        signInOnDevice(account.phone(), PASSWORD, "phone-" + UUID.randomUUID().toString().substring(0, 8)).then()
                .statusCode(200);

        JsonPath sessions = as(web).get("/api/v1/sessions").then().statusCode(200).extract().jsonPath();
        assertThat(sessions.getList("kind", String.class)).containsExactly("WEB", "DEVICE");
        assertThat(sessions.getList("current", Boolean.class)).containsExactly(true, false);
        assertThat(sessions.getList("model", String.class)).containsExactly(null, "Xiaomi 15");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(web).get("/api/v1/sessions").then()
                .body("[0].lastUsedAt", notNullValue()));
    }

    @Test
    void endsOneSessionOfItsOwnAccountOnly() {
        Registered account = register();
        String web = token(account.email());
        String other = token(account.phone());
        String otherId = as(other).get("/api/v1/sessions").then().extract().path("find { it.current }.sessionId");

        String stranger = token(register().email());
        as(stranger).delete("/api/v1/sessions/{id}", otherId).then().statusCode(404)
                .contentType("application/problem+json");
        as(web).delete("/api/v1/sessions/{id}", "not-a-session").then().statusCode(400);
        as(web).delete("/api/v1/sessions/{id}", otherId).then().statusCode(204);
        as(other).get("/api/v1/accounts/me").then().statusCode(401);
        as(web).get("/api/v1/accounts/me").then().statusCode(200);
    }

    @Test
    void signOutEverywhereTakesThePasswordAndKeepsOnlyThisSession() {
        Registered account = register();
        String web = token(account.email());
        String second = token(account.phone());
        String phone = signInOnDevice(account.email(), PASSWORD, "phone-" + UUID.randomUUID().toString()
                .substring(0, 8)).then().statusCode(200).extract().path("accessToken");

        as(web).delete("/api/v1/sessions").then().statusCode(403).body("type", endsWith("/password-required"));
        String flowId = as(web).header("X-Step-Up-Token", stepUp(web)).delete("/api/v1/sessions").then()
                .statusCode(202).extract().path("flowId");

        as(second).get("/api/v1/accounts/me").then().statusCode(401);
        as(phone).get("/api/v1/accounts/me").then().statusCode(401);
        as(web).get("/api/v1/sessions").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(1));

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            List<TopicReader.Received> flow = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll()
                    .stream().filter(r -> flowId.equals(r.header("ce_flowid"))).toList(),
                    list -> list.stream().anyMatch(r -> EventTypes.SIGNED_OUT_EVERYWHERE.equals(r.header("ce_type"))));
            assertThat(flow).extracting(r -> r.header("ce_type")).containsExactly(EventTypes.SESSION_REVOKED,
                    EventTypes.SESSION_REVOKED, EventTypes.SIGNED_OUT_EVERYWHERE);
            assertThat(flow.get(2).value()).contains("\"revokedSessionIds\"").doesNotContain(web);
        }
    }
}
