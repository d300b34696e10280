package dev.miaccount.account.signin;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.claims;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static dev.miaccount.account.support.Api.signInOnDevice;
import static io.restassured.RestAssured.given;
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
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class SignInTest {

    @Test
    void signsInByEmailInAnyCasePhoneOrAccountIdWithAShortLivedRs256Token() {
        Registered account = register();
        for (String identifier : List.of(account.email().toUpperCase(), account.phone(), account.accountId())) {
            Response response = signIn(identifier, PASSWORD);
            response.then().statusCode(200).body("tokenType", equalTo("Bearer"))
                    .body("accountId", equalTo(account.accountId()));
            String token = response.path("accessToken");
            Map<String, Object> claims = claims(token);
            assertThat(claims.get("sub")).isEqualTo(account.accountId());
            assertThat(claims.get("sid")).isEqualTo(response.path("sessionId"));
            assertThat(claims).containsKey("auth_time").doesNotContainKey("deviceId");
            long lifetime = ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue();
            assertThat(lifetime).isPositive().isLessThanOrEqualTo(900);
            assertThat(response.<Integer>path("expiresIn")).isEqualTo((int) lifetime);
            assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]))).contains("RS256");
        }
    }

    @Test
    void anUnknownIdentifierAndAWrongPasswordGetTheSameAnswer() {
        Registered account = register();
        Response wrongPassword = signIn(account.email(), "not the password");
        Response unknown = signIn("nobody-" + account.email(), PASSWORD);
        wrongPassword.then().statusCode(401).contentType("application/problem+json")
                .body("type", endsWith("/invalid-credentials"));
        unknown.then().statusCode(401);
        assertThat(unknown.asString()).isEqualTo(wrongPassword.asString());
    }

    @Test
    void aDeviceSignInOpensThatPhonesSessionAndAnnouncesIt() {
        Registered account = register();
        String deviceId = "phone-" + account.accountId();
        Response response = signInOnDevice(account.phone(), PASSWORD, deviceId);
        response.then().statusCode(200);
        assertThat(claims(response.path("accessToken")).get("deviceId")).isEqualTo(deviceId);

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            TopicReader.Received opened = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
                    .filter(r -> EventTypes.SESSION_OPENED.equals(r.header("ce_type")))
                    .filter(r -> r.value().contains(deviceId)).findFirst().orElse(null), r -> r != null);
            assertThat(opened.key()).isEqualTo(account.accountId());
            assertThat(opened.value()).contains("\"kind\":\"DEVICE\"").contains("\"romRegion\":\"GLOBAL\"")
                    .contains("\"findDevice\":true");
        }
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        signIn("not an identifier", PASSWORD).then().statusCode(400).body("errors.field", hasItem("identifier"));
        given().contentType(ContentType.JSON).body(Map.of("identifier", "a@b.cd")).post("/api/v1/sessions")
                .then().statusCode(400).body("errors.field", hasItem("password"));
        given().contentType(ContentType.JSON).body(Map.of("identifier", "a@b.cd", "password", "12345678",
                "device", Map.of("deviceId", "bad id!", "model", "X", "romRegion", "MARS")))
                .post("/api/v1/sessions").then().statusCode(400)
                .body("errors.field", hasItem("device.deviceId")).body("errors.field", hasItem("device.romRegion"));
        given().contentType(ContentType.JSON).body("{\"identifier\":\"a@b.cd\",\"password\":\"12345678\","
                + "\"device\":{\"deviceId\":\"p1\",\"model\":\"X\",\"romRegion\":\"GLOBAL\",\"findDevice\":\"maybe\"}}")
                .post("/api/v1/sessions").then().statusCode(400).body("errors.field", hasItem("device.findDevice"));
    }
}
