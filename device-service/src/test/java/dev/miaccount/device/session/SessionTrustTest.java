package dev.miaccount.device.session;

import static dev.miaccount.device.support.Phones.accessToken;
import static dev.miaccount.device.support.Phones.newAccountId;
import static dev.miaccount.device.support.Phones.newDeviceId;
import static dev.miaccount.device.support.Phones.signInOnPhone;
import static dev.miaccount.device.support.Phones.signInOnWeb;
import static dev.miaccount.device.support.Phones.stepUpToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.device.support.Phones.Session;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;

/** What a token alone cannot do here: reuse a step-up, invent a session, or flip Find device by signing in. */
@QuarkusTest
class SessionTrustTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aStepUpTokenIsGoodForOneStepOnly() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "GLOBAL", true);
        awaitState(phone, "BOUND");
        Session web = signInOnWeb(accountId);
        String stepUp = stepUpToken(web);
        web.call().header("X-Step-Up-Token", stepUp).body(Map.of("enabled", false))
                .put("/api/v1/devices/{id}/find-device", phone.deviceId()).then().statusCode(200)
                .body("findDevice", equalTo(false));
        web.call().body(Map.of("enabled", true)).put("/api/v1/devices/{id}/find-device", phone.deviceId()).then()
                .statusCode(200);
        web.call().header("X-Step-Up-Token", stepUp).body(Map.of("enabled", false))
                .put("/api/v1/devices/{id}/find-device", phone.deviceId()).then().statusCode(403)
                .body("type", endsWith("/password-required"));
        web.call().body(Map.of("enabled", false, "stepUpToken", stepUp))
                .put("/api/v1/devices/{id}/find-device", phone.deviceId()).then().statusCode(403);
    }

    @Test
    void aStepUpTokenIsUsedUpEvenWhenTheStepItWasShownForIsRefused() {
        String accountId = newAccountId();
        Session phone = signInOnPhone(accountId, newDeviceId(), "GLOBAL", false);
        awaitState(phone, "BOUND");
        String stepUp = stepUpToken(phone);
        phone.call().header("X-Step-Up-Token", stepUp).post("/api/v1/devices/{id}/bootloader-unlock",
                phone.deviceId()).then().statusCode(409).body("type", endsWith("/wait-period"));
        phone.call().header("X-Step-Up-Token", stepUp).post("/api/v1/devices/{id}/bootloader-unlock",
                phone.deviceId()).then().statusCode(403).body("type", endsWith("/password-required"));
    }

    @Test
    void aSessionNeverHeardOfIsRefusedOnceItsOpeningEventCouldHaveArrived() {
        String accountId = newAccountId();
        String invented = Jwt.issuer("https://mi-account.dev").subject(accountId).audience("mi-account")
                .claim("sid", UUID.randomUUID().toString()).issuedAt(Instant.now().minusSeconds(60)).expiresIn(900)
                .sign();
        given().auth().oauth2(invented).get("/api/v1/devices").then().statusCode(401)
                .contentType("application/problem+json");
        // a fresh one is given the grace: its opening event may still be on its way
        String fresh = accessToken(accountId, UUID.randomUUID().toString(), null);
        given().auth().oauth2(fresh).get("/api/v1/devices").then().statusCode(200);
    }

    @Test
    void aTokenVerifiedOnceLetsNoAlteredCopyIn() {
        String accountId = newAccountId();
        String victim = newAccountId();
        String token = accessToken(accountId, UUID.randomUUID().toString(), null);
        given().auth().oauth2(token).get("/api/v1/devices").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/devices").then().statusCode(200);

        // the verified token's header and signature over another account's claims
        String[] parts = token.split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        String claims = new String(decoder.decode(parts[1]), StandardCharsets.UTF_8).replace(accountId, victim);
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        given().auth().oauth2(altered).get("/api/v1/devices").then().statusCode(401)
                .contentType("application/problem+json");
        // and the same token with a character of its signature changed
        int at = token.length() - 10;
        String badSignature = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
        given().auth().oauth2(badSignature).get("/api/v1/devices").then().statusCode(401);
        given().auth().oauth2(token).get("/api/v1/devices").then().statusCode(200);
    }

    @Test
    void aTokenWithoutASessionIsRefusedNotAFault() {
        String noSession = Jwt.issuer("https://mi-account.dev").subject(newAccountId()).audience("mi-account")
                .expiresIn(900).sign();
        given().auth().oauth2(noSession).get("/api/v1/devices").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void signingInAgainDoesNotFlipFindDevice() {
        String accountId = newAccountId();
        String deviceId = newDeviceId();
        Session phone = signInOnPhone(accountId, deviceId, "GLOBAL", false);
        awaitState(phone, "BOUND");
        signInOnPhone(accountId, deviceId, "GLOBAL", true);
        // a marker behind it on the account's partition: once it is bound, the sign-in before it was applied
        Session marker = signInOnPhone(accountId, newDeviceId(), "GLOBAL", true);
        awaitState(marker, "BOUND");
        phone.call().get("/api/v1/devices/{id}", deviceId).then().statusCode(200).body("findDevice", equalTo(false));
    }

    private static void awaitState(Session session, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> session.call().get("/api/v1/devices/{id}", session.deviceId())
                .then().statusCode(200).body("state", equalTo(state)));
    }
}
