package dev.miaccount.system;

import dev.miaccount.testing.SystemUnderTest;
import static dev.miaccount.system.Flows.PATIENCE;
import static dev.miaccount.system.Flows.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/** Forgot password over HTTP on the packaged services, with the code read from the sandbox inbox. */
class PasswordResetIT {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    @Test
    void aCodeBySmsResetsThePasswordRevokesEverySessionAndAlertsTheOwner() {
        String email = "reset-" + UUID.randomUUID() + "@example.com";
        String phone = "+86137" + (10_000_000 + (int) (Math.random() * 89_999_999));
        given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "phone", phone, "password", PASSWORD)).post("/api/v1/accounts")
                .then().statusCode(201);
        String oldToken = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", phone, "password", PASSWORD)).post("/api/v1/sessions")
                .then().statusCode(200).extract().path("accessToken");

        String resetId = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", email)).post("/api/v1/password-resets")
                .then().statusCode(202).extract().path("resetId");

        String sms = await().atMost(PATIENCE).until(() -> given().baseUri(SystemUnderTest.notification())
                .urlEncodingEnabled(true).queryParam("to", phone).get("/api/v1/sandbox/messages").then()
                .statusCode(200).extract().<List<Map<String, String>>>path("$").stream()
                .filter(m -> "SMS".equals(m.get("channel"))).map(m -> m.get("body"))
                .filter(body -> CODE.matcher(body).find()).findFirst().orElse(null), body -> body != null);
        Matcher matcher = CODE.matcher(sms);
        assertThat(matcher.find()).isTrue();
        String code = matcher.group(1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        String newPassword = "a brand new passphrase";
        confirm(resetId, wrong, newPassword).then().statusCode(400).body("type", endsWith("/invalid-code"));
        confirm(resetId, code, newPassword).then().statusCode(204);
        confirm(resetId, code, "another new passphrase").then().statusCode(400).body("type", endsWith("/invalid-code"));

        given().baseUri(SystemUnderTest.account()).auth().oauth2(oldToken).get("/api/v1/accounts/me").then()
                .statusCode(401);
        given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", email, "password", PASSWORD)).post("/api/v1/sessions").then().statusCode(401);
        given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", email, "password", newPassword)).post("/api/v1/sessions").then()
                .statusCode(200);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(given().baseUri(SystemUnderTest.notification())
                .get("/api/v1/sandbox/messages?to={to}", email).then().statusCode(200).extract()
                .<List<String>>path("subject")).anyMatch(s -> s != null && s.toLowerCase().contains("password")));
    }

    private static io.restassured.response.Response confirm(String resetId, String code, String newPassword) {
        return given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("code", code, "newPassword", newPassword))
                .post("/api/v1/password-resets/{id}/confirm", resetId);
    }
}
