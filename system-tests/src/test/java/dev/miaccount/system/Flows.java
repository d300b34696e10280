package dev.miaccount.system;

import dev.miaccount.testing.SystemUnderTest;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** What a phone and the website do over HTTP, against the system under test. */
final class Flows {

    static final String PASSWORD = "correct horse battery";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Flows() {
    }

    record Account(String accountId, String email) {
    }

    record Phone(Account account, String deviceId, String token) {
    }

    static Account register() {
        String email = "it-" + UUID.randomUUID() + "@example.com";
        String accountId = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/v1/accounts")
                .then().statusCode(201).extract().path("accountId");
        return new Account(accountId, email);
    }

    static String signInOnWeb(Account account) {
        return given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", account.email(), "password", PASSWORD)).post("/api/v1/sessions")
                .then().statusCode(200).extract().path("accessToken");
    }

    static Phone signInOnPhone(Account account, boolean findDevice) {
        String deviceId = "it-phone-" + UUID.randomUUID().toString().substring(0, 12);
        return new Phone(account, deviceId, signInOnPhone(account, deviceId, findDevice));
    }

    static String signInOnPhoneWithId(Account account, String deviceId) {
        return signInOnPhone(account, deviceId, true);
    }

    static String signInOnPhone(Account account, String deviceId, boolean findDevice) {
        return given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", account.accountId(), "password", PASSWORD, "device",
                        Map.of("deviceId", deviceId, "model", "Xiaomi 15", "romRegion", "GLOBAL",
                                "findDevice", findDevice)))
                .post("/api/v1/sessions").then().statusCode(200).extract().path("accessToken");
    }

    static String stepUp(String token) {
        return given().baseUri(SystemUnderTest.account()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("password", PASSWORD)).post("/api/v1/accounts/me/reauth")
                .then().statusCode(200).extract().path("stepUpToken");
    }

    static RequestSpecification devices(String token) {
        return given().baseUri(SystemUnderTest.device()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    static RequestSpecification accounts(String token) {
        return given().baseUri(SystemUnderTest.account()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    static void awaitState(String token, String deviceId, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> devices(token).get("/api/v1/devices/{id}", deviceId)
                .then().statusCode(200).body("state", equalTo(state)));
    }
}
