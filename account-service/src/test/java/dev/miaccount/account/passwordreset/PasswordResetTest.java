package dev.miaccount.account.passwordreset;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static dev.miaccount.account.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.MutableClock;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class PasswordResetTest {

    private static final String NEW_PASSWORD = "a brand new passphrase";

    @AfterEach
    void realTime() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void aKnownAndAnUnknownIdentifierGetTheSameAnswerAndOnlyTheKnownOneEmitsARequest() {
        Registered account = register();
        Response known = request(account.phone());
        Response unknown = request("+86139" + (10_000_000 + (int) (Math.random() * 89_999_999)));
        known.then().statusCode(202);
        unknown.then().statusCode(202);
        assertThat(known.jsonPath().getMap("$").keySet()).isEqualTo(unknown.jsonPath().getMap("$").keySet());
        String resetId = known.path("resetId");

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            TopicReader.Received event = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
                    .filter(r -> EventTypes.PASSWORD_RESET_REQUESTED.equals(r.header("ce_type")))
                    .filter(r -> r.value().contains(resetId)).findFirst().orElse(null), r -> r != null);
            assertThat(event.key()).isEqualTo(account.accountId());
            String unknownId = unknown.path("resetId");
            assertThat(reader.poll()).noneMatch(r -> r.value().contains(unknownId));
        }
    }

    @Test
    void theRightCodeChangesThePasswordOnceAndRevokesEverySession() {
        Registered account = register();
        String before = token(account.email());
        String resetId = request(account.email()).then().statusCode(202).extract().path("resetId");

        confirm(resetId, "000000", NEW_PASSWORD).then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/invalid-code"));
        FakeVerificationCodes.expect(resetId, "424242");
        confirm(resetId, "424242", NEW_PASSWORD).then().statusCode(204);

        as(before).get("/api/v1/accounts/me").then().statusCode(401);
        signIn(account.email(), PASSWORD).then().statusCode(401);
        signIn(account.email(), NEW_PASSWORD).then().statusCode(200);
        FakeVerificationCodes.expect(resetId, "424242");
        confirm(resetId, "424242", "yet another passphrase").then().statusCode(400)
                .body("type", endsWith("/invalid-code"));

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            List<TopicReader.Received> ofAccount = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll()
                    .stream().filter(r -> account.accountId().equals(r.key())).toList(),
                    list -> list.stream().anyMatch(r -> EventTypes.PASSWORD_CHANGED.equals(r.header("ce_type"))));
            TopicReader.Received changed = ofAccount.stream()
                    .filter(r -> EventTypes.PASSWORD_CHANGED.equals(r.header("ce_type"))).findFirst().orElseThrow();
            assertThat(ofAccount).filteredOn(r -> EventTypes.SESSION_REVOKED.equals(r.header("ce_type")))
                    .allMatch(r -> r.header("ce_flowid").equals(changed.header("ce_flowid"))).isNotEmpty();
            assertThat(changed.value()).doesNotContain(NEW_PASSWORD).doesNotContain("argon2");
        }
    }

    @Test
    void aCompletedResetEndsALockoutSoAStrangerCannotKeepTheOwnerOut() {
        Registered account = register();
        for (int i = 0; i < 10; i++) {
            signIn(account.email(), "a stranger's guess " + i).then().statusCode(401);
        }
        signIn(account.email(), PASSWORD).then().statusCode(429);

        String resetId = request(account.phone()).then().statusCode(202).extract().path("resetId");
        FakeVerificationCodes.expect(resetId, "135790");
        confirm(resetId, "135790", NEW_PASSWORD).then().statusCode(204);
        signIn(account.email(), NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void unknownExhaustedAndMalformedAnswersAreClearProblems() {
        confirm(UUID.randomUUID().toString(), "123456", NEW_PASSWORD).then().statusCode(400)
                .body("type", endsWith("/invalid-code"));
        confirm("not-a-reset", "123456", NEW_PASSWORD).then().statusCode(400).body("type", endsWith("/invalid-code"));

        Registered account = register();
        String resetId = request(account.email()).then().statusCode(202).extract().path("resetId");
        confirm(resetId, "12345", NEW_PASSWORD).then().statusCode(400).body("errors.field", hasItem("code"));
        confirm(resetId, "abcdef", NEW_PASSWORD).then().statusCode(400).body("errors.field", hasItem("code"));
        confirm(resetId, "123456", "short").then().statusCode(400).body("errors.field", hasItem("newPassword"));
        confirm(resetId, "123456", "password123").then().statusCode(400).body("errors.field", hasItem("newPassword"));
        request("not an identifier").then().statusCode(400).body("errors.field", hasItem("identifier"));

        FakeVerificationCodes.answer(resetId, "EXHAUSTED");
        confirm(resetId, "123456", NEW_PASSWORD).then().statusCode(429).body("type", endsWith("/too-many-attempts"));
        confirm(resetId, "123456", NEW_PASSWORD).then().statusCode(400).body("type", endsWith("/invalid-code"));
    }

    @Test
    void aResendCooldownAndAnHourlyCapApplyToKnownAndUnknownIdentifiersAlike() {
        for (String identifier : List.of(register().email(), "nobody-" + UUID.randomUUID() + "@example.com")) {
            request(identifier).then().statusCode(202);
            Response again = request(identifier);
            again.then().statusCode(429).body("type", endsWith("/too-many-attempts"));
            assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
            for (int i = 0; i < 4; i++) {
                MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
                request(identifier).then().statusCode(202);
            }
            MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
            Response capped = request(identifier);
            capped.then().statusCode(429);
            assertThat(Long.parseLong(capped.header("Retry-After"))).isGreaterThan(60L);
            MutableClock.INSTANCE.advance(Duration.ofHours(1));
            request(identifier).then().statusCode(202);
            MutableClock.INSTANCE.reset();
        }
    }

    /** The enumeration check: equal status and body shape, and the median times printed side by side. */
    @Test
    void knownAndUnknownIdentifiersTakeTheSameTime() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            known.add(register().email());
        }
        List<Long> knownNanos = new ArrayList<>();
        List<Long> unknownNanos = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            knownNanos.add(timed(known.get(i)));
            unknownNanos.add(timed("nobody-" + UUID.randomUUID() + "@example.com"));
        }
        System.out.printf("%npassword reset request, median of 50: known %.2f ms, unknown %.2f ms%n%n",
                median(knownNanos) / 1e6, median(unknownNanos) / 1e6);
    }

    private static long timed(String identifier) {
        long start = System.nanoTime();
        Response response = request(identifier);
        long took = System.nanoTime() - start;
        response.then().statusCode(202);
        assertThat(response.jsonPath().getMap("$")).containsOnlyKeys("resetId");
        return took;
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static Response request(String identifier) {
        return given().contentType(ContentType.JSON).body(Map.of("identifier", identifier)).post("/api/v1/password-resets");
    }

    private static Response confirm(String resetId, String code, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code, "newPassword", newPassword))
                .post("/api/v1/password-resets/{id}/confirm", resetId);
    }
}
