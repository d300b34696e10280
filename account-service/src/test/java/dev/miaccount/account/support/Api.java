package dev.miaccount.account.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.miaccount.events.PersonalData;
import dev.miaccount.infra.SigningKeys;
import dev.miaccount.testing.RealInfrastructure;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The account-service calls the tests make, written once. */
public final class Api {

    public static final String PASSWORD = "correct horse battery";

    private Api() {
    }

    public record Registered(String accountId, String email, String phone) {
    }

    public static Registered register() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        String phone = "+86" + (13_000_000_000L + (long) (Math.random() * 999_999_999L));
        String accountId = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "phone", phone, "password", PASSWORD, "displayName", "Test"))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        return new Registered(accountId, email, phone);
    }

    public static Response signIn(String identifier, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("identifier", identifier, "password", password))
                .post("/api/v1/sessions");
    }

    public static Response signInOnDevice(String identifier, String password, String deviceId) {
        return given().contentType(ContentType.JSON).body(Map.of("identifier", identifier, "password", password,
                "device", Map.of("deviceId", deviceId, "model", "Xiaomi 15", "romRegion", "GLOBAL")))
                .post("/api/v1/sessions");
    }

    public static String token(String identifier) {
        return signIn(identifier, PASSWORD).then().statusCode(200).extract().path("accessToken");
    }

    /** The password asked again: a single-use step-up token of the token's session. */
    public static String stepUp(String token) {
        return as(token).body(Map.of("password", PASSWORD)).post("/api/v1/accounts/me/reauth").then().statusCode(200)
                .extract().path("stepUpToken");
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /**
     * The personal part of an event's data, opened with the account's data key as notification-service does (the
     * internal API, with the service credential); null once the account is erased (no key).
     */
    public static String openPersonal(String accountId, String eventValue) {
        try {
            String sealed = new ObjectMapper().readTree(eventValue).path("personal").asText();
            Response key = given().header("Authorization", "Bearer " + SigningKeys.internalToken(
                    RealInfrastructure.keyDir())).get("/internal/v1/accounts/{id}/data-key", accountId);
            if (key.statusCode() == 404) {
                return null;
            }
            byte[] dataKey = Base64.getDecoder().decode(key.then().statusCode(200).extract().<String>path("key"));
            return PersonalData.open(dataKey, accountId, sealed);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }

    /** The claims of a JWT, unverified: for asserting what a token says. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> claims(String jwt) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
            return new ObjectMapper().readValue(new String(json, StandardCharsets.UTF_8), Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JWT", e);
        }
    }
}
