package dev.miaccount.account.session;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.as;
import static dev.miaccount.account.support.Api.claims;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SessionTest {

    @Test
    void aSignedOutSessionsTokenIsRefusedAtOnceWhileOtherSessionsGoOn() {
        Registered account = register();
        String first = token(account.email());
        String second = token(account.phone());
        as(first).get("/api/v1/accounts/me").then().statusCode(200).body("accountId", equalTo(account.accountId()));

        as(first).delete("/api/v1/sessions/current").then().statusCode(204);

        as(first).get("/api/v1/accounts/me").then().statusCode(401).contentType("application/problem+json")
                .body("type", endsWith("/unauthorized"));
        as(first).delete("/api/v1/sessions/current").then().statusCode(401);
        as(second).get("/api/v1/accounts/me").then().statusCode(200);
    }

    @Test
    void missingForgedOrWrongKindsOfTokensAreRefusedWithAProblem() {
        given().get("/api/v1/accounts/me").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        as("not.a.token").get("/api/v1/accounts/me").then().statusCode(401).contentType("application/problem+json");
        Registered account = register();
        String token = token(account.email());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        as(forged).get("/api/v1/accounts/me").then().statusCode(401);

        String stepUp = as(token).body(Map.of("password", PASSWORD)).post("/api/v1/accounts/me/reauth")
                .then().statusCode(200).extract().path("stepUpToken");
        as(stepUp).get("/api/v1/accounts/me").then().statusCode(401);
    }

    @Test
    void theStepUpTokenNamesTheSessionAndLivesAtMostFiveMinutes() {
        Registered account = register();
        String token = token(account.email());
        var response = as(token).body(Map.of("password", PASSWORD)).post("/api/v1/accounts/me/reauth");
        response.then().statusCode(200);
        Map<String, Object> stepUp = claims(response.path("stepUpToken"));
        assertThat(stepUp.get("aud")).isEqualTo("mi-account-step-up");
        assertThat(stepUp.get("sid")).isEqualTo(claims(token).get("sid"));
        long lifetime = ((Number) stepUp.get("exp")).longValue() - ((Number) stepUp.get("iat")).longValue();
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(300);
        assertThat(response.<Integer>path("expiresIn")).isEqualTo((int) lifetime);

        as(token).body(Map.of("password", "wrong")).post("/api/v1/accounts/me/reauth").then().statusCode(401)
                .body("type", endsWith("/invalid-credentials"));
        as(token).body("{}").post("/api/v1/accounts/me/reauth").then().statusCode(400);
    }

    @Test
    void theJwksPublishesTheKeyTheTokensName() {
        String token = token(register().email());
        String header = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        String kid = given().get("/api/v1/jwks").then().statusCode(200).body("keys", hasSize(1))
                .body("keys[0].kty", equalTo("RSA")).body("keys[0].alg", equalTo("RS256"))
                .extract().path("keys[0].kid");
        assertThat(header).contains(kid);
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys[0].kid", equalTo(kid));
    }
}
