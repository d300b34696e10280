package dev.miaccount.account.deletion;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static dev.miaccount.account.support.Api.stepUp;
import static dev.miaccount.account.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.miaccount.account.passwordreset.FakeVerificationCodes;
import dev.miaccount.account.support.Api;
import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import dev.miaccount.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Deleting the account, account-service's part: the password, then the code, then the flow starts (sessions revoked,
 * the account gone for sign-in); once device-service says the phones are removed (played here as its event), the
 * account is erased: no data key, a tombstone, its addresses free again. The whole flow runs in system-tests.
 */
@QuarkusTest
class AccountDeletionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static TopicWriter writer;

    @BeforeAll
    static void openWriter() {
        writer = new TopicWriter();
    }

    @AfterAll
    static void closeWriter() {
        writer.close();
    }

    @Test
    void thePasswordThenTheCodeStartTheErasureAndTheAccountIsGoneOnceThePhonesAre() {
        Registered account = register();
        String token = token(account.email());
        String other = token(account.phone());

        as(token).post("/api/v1/accounts/me/deletion").then().statusCode(403)
                .contentType("application/problem+json").body("type", endsWith("/password-required"));
        String deletionId = as(token).header("X-Step-Up-Token", stepUp(token)).post("/api/v1/accounts/me/deletion")
                .then().statusCode(202).extract().path("deletionId");
        confirm(token, deletionId, "000000").then().statusCode(400).body("type", endsWith("/invalid-code"));
        confirm(token, UUID.randomUUID().toString(), "000000").then().statusCode(400)
                .body("type", endsWith("/invalid-code"));
        confirm(token, deletionId, "12345").then().statusCode(400); // not 6 digits

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            FakeVerificationCodes.expect(deletionId, "135790");
            String flowId = confirm(token, deletionId, "135790").then().statusCode(202).extract().path("flowId");

            // every session ends at once, and the account answers as an unknown one
            as(token).get("/api/v1/accounts/me").then().statusCode(401);
            as(other).get("/api/v1/accounts/me").then().statusCode(401);
            Response unknown = signIn("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD);
            Response deleted = signIn(account.email(), PASSWORD);
            deleted.then().statusCode(unknown.statusCode()).body("type", equalTo(unknown.path("type")))
                    .body("detail", equalTo(unknown.path("detail")));
            // the code is used up
            FakeVerificationCodes.expect(deletionId, "135790");
            confirm(token, deletionId, "135790").then().statusCode(401);

            List<Received> started = await().atMost(PATIENCE).until(() -> ofFlow(reader, flowId),
                    events -> events.stream().anyMatch(type(EventTypes.ACCOUNT_DELETION_STARTED)));
            assertThat(started).filteredOn(type(EventTypes.SESSION_REVOKED)).hasSize(2)
                    .allMatch(event -> event.value().contains("\"reason\":\"ACCOUNT_DELETED\""));

            // device-service's answer: the phones are removed; account-service erases the account
            writer.send(Topics.DEVICE_EVENTS, account.accountId(), "{\"accountId\":\"" + account.accountId()
                    + "\",\"deviceIds\":[],\"at\":\"" + Instant.now() + "\"}", TopicWriter.cloudEventHeaders(
                            UUID.randomUUID().toString(), EventTypes.DEVICE_ACCOUNT_DEVICES_REMOVED,
                            "device-service", account.accountId(), flowId));
            List<Received> flow = await().atMost(PATIENCE).until(() -> ofFlow(reader, flowId),
                    events -> events.stream().anyMatch(type(EventTypes.ACCOUNT_DELETED)));
            assertThat(flow).filteredOn(type(EventTypes.ACCOUNT_DELETED)).singleElement()
                    .matches(event -> event.value().contains(account.accountId()));
        }

        // its data key is destroyed: what its events sealed stays sealed
        given().header("Authorization", "Bearer " + dev.miaccount.infra.SigningKeys.internalToken(
                dev.miaccount.testing.RealInfrastructure.keyDir()))
                .get("/internal/v1/accounts/{id}/data-key", account.accountId()).then().statusCode(404);
        // its addresses are free for a new account, which gets a new id
        given().contentType(ContentType.JSON).body(Map.of("email", account.email(), "phone", account.phone(),
                "password", PASSWORD)).post("/api/v1/accounts").then().statusCode(201)
                .body("accountId", not(equalTo(account.accountId())));
    }

    @Test
    void aStolenTokenAloneCannotDeleteTheAccountNorConfirmAnotherAccountsDeletion() {
        Registered account = register();
        String token = token(account.email());
        String deletionId = as(token).header("X-Step-Up-Token", stepUp(token)).post("/api/v1/accounts/me/deletion")
                .then().statusCode(202).extract().path("deletionId");

        String stranger = token(register().email());
        FakeVerificationCodes.expect(deletionId, "864200");
        confirm(stranger, deletionId, "864200").then().statusCode(400).body("type", endsWith("/invalid-code"));
        as(stranger).get("/api/v1/accounts/me").then().statusCode(200);

        // asking again replaces the first request: its code no longer confirms anything
        String second = as(token).header("X-Step-Up-Token", stepUp(token)).post("/api/v1/accounts/me/deletion")
                .then().statusCode(202).extract().path("deletionId");
        FakeVerificationCodes.expect(deletionId, "864200");
        confirm(token, deletionId, "864200").then().statusCode(400).body("type", endsWith("/invalid-code"));
        assertThat(second).isNotEqualTo(deletionId);
        as(token).get("/api/v1/accounts/me").then().statusCode(200);
        Api.signIn(account.email(), PASSWORD).then().statusCode(200);
    }

    private static Response confirm(String token, String deletionId, String code) {
        return as(token).body(Map.of("code", code)).post("/api/v1/accounts/me/deletion/{id}/confirm", deletionId);
    }

    private static List<Received> ofFlow(TopicReader reader, String flowId) {
        return reader.poll().stream().filter(r -> flowId.equals(r.header("ce_flowid"))).toList();
    }

    private static java.util.function.Predicate<Received> type(String type) {
        return event -> type.equals(event.header("ce_type"));
    }
}
