package dev.miaccount.browser;

import dev.miaccount.testing.SystemUnderTest;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** What the phone does over HTTP before the person opens the console: register, sign in on the phone. */
final class Api {

    static final String PASSWORD = "correct horse battery";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Api() {
    }

    record Account(String accountId, String email) {
    }

    static Account register() {
        String email = "browser-" + UUID.randomUUID() + "@example.com";
        String accountId = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "displayName", "Browser Test"))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        return new Account(accountId, email);
    }

    /** Signs in on a new phone and waits until device-service has bound it (it learns of it by an event). */
    static String signInOnPhone(Account account) {
        String deviceId = "browser-phone-" + UUID.randomUUID().toString().substring(0, 8);
        String token = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", account.accountId(), "password", PASSWORD, "device",
                        Map.of("deviceId", deviceId, "model", "Xiaomi 15", "romRegion", "GLOBAL")))
                .post("/api/v1/sessions").then().statusCode(200).extract().path("accessToken");
        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(SystemUnderTest.device()).auth().oauth2(token)
                .get("/api/v1/devices/{id}", deviceId).then().statusCode(200).body("state", equalTo("BOUND")));
        return deviceId;
    }

    /** A web session of the account, as a second browser would open it. */
    static String signInOnWeb(Account account) {
        return given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", account.email(), "password", PASSWORD))
                .post("/api/v1/sessions").then().statusCode(200).extract().path("accessToken");
    }

    /** The newest verification code in the sandbox inbox of {@code to}, waiting until one is there. */
    static String awaitCode(String to) {
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("verification code is (\\d{6})");
        return await().atMost(PATIENCE).until(() -> given().baseUri(SystemUnderTest.notification())
                .urlEncodingEnabled(true).queryParam("to", to).get("/api/v1/sandbox/messages").then()
                .statusCode(200).extract().jsonPath().getList("body", String.class).stream()
                .map(code::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1)).findFirst()
                .orElse(null), found -> found != null);
    }

    /** What a buyer reads before buying the phone. */
    static boolean activationLocked(String deviceId) {
        return given().baseUri(SystemUnderTest.device()).get("/api/v1/devices/{id}/activation-lock", deviceId)
                .then().statusCode(200).extract().path("locked");
    }

    /** What account-service answers that token now: 200, or 401 once its session is over. */
    static int profileStatus(String token) {
        return given().baseUri(SystemUnderTest.account()).auth().oauth2(token).get("/api/v1/accounts/me")
                .statusCode();
    }

    /** The problem's detail for a wrong password, as the API gives it: the console must show exactly this. */
    static String wrongPasswordDetail(Account account) {
        return given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", account.email(), "password", "not the password"))
                .post("/api/v1/sessions").then().statusCode(401).extract().path("detail");
    }

    static String dashboardTypeProblemDetail(String type) {
        return given().baseUri(SystemUnderTest.dashboard()).queryParam("type", type)
                .get("/api/v1/events").then().statusCode(400).extract().path("detail");
    }
}
