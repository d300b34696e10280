package dev.miaccount.account;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api;
import dev.miaccount.account.support.Api.Registered;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/** Odd requests get clear 4xx problems, never a 500: oversized, NUL characters, forged times, racing duplicates. */
@QuarkusTest
class RequestHygieneTest {

    @Test
    void aBodyOverTheLimitIsA413Problem() {
        String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "@example.com\",\"password\":\"x\"}";
        given().contentType(ContentType.JSON).body(big).post("/api/v1/accounts").then().statusCode(413)
                .contentType("application/problem+json").body("type", endsWith("/payload-too-large"));
    }

    @Test
    void aNulCharacterInJsonOrInTheAddressIsA400() {
        Registered account = register();
        String token = token(account.email());
        as(token).body(Map.of("displayName", "Mi\u0000Fan")).patch("/api/v1/accounts/me").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("displayName"));
        given().contentType(ContentType.JSON).body(Map.of("code", "123456", "newPassword", "a long new passphrase"))
                .urlEncodingEnabled(false).post("/api/v1/password-resets/abc%00def/confirm").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenIssuedInTheFutureIsRefused() {
        Registered account = register();
        String sid = Api.claims(token(account.email())).get("sid").toString();
        String forged = Jwt.issuer("https://mi-account.dev").subject(account.accountId()).audience("mi-account")
                .claim("sid", sid).issuedAt(Instant.now().plusSeconds(3600)).expiresIn(900).sign();
        as(forged).get("/api/v1/accounts/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void theSameEmailRegisteredEightTimesAtOnceHasExactlyOneWinner() throws Exception {
        String email = "race-" + UUID.randomUUID() + "@example.com";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> given().contentType(ContentType.JSON)
                        .body(Map.of("email", email, "password", PASSWORD)).post("/api/v1/accounts").statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
