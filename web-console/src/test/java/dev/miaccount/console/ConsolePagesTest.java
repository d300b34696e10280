package dev.miaccount.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ConsolePagesTest.OtherUrls.class)
class ConsolePagesTest {

    /** URLs as the local run or a test stack would pass them, one with a trailing slash. */
    public static class OtherUrls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("miaccount.urls.account-service", "http://127.0.0.1:18081/",
                    "miaccount.urls.device-service", "http://127.0.0.1:18082");
        }
    }

    @Test
    void thePageIsServedWithItsScriptsAndNoThirdPartyAsset() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("id=\"sign-in-form\""), containsString("src=\"config.js\""),
                        containsString("src=\"console.js\""));
        given().get("/console.js").then().statusCode(200).body(containsString("textContent"));
        given().get("/console.css").then().statusCode(200);
    }

    @Test
    void everyPageForbidsFramingSniffingAndOtherOriginsButTheApis() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("connect-src 'self' http://127.0.0.1:18081/ "
                        + "http://127.0.0.1:18082"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void configTellsThePageWhereTheApisAre() {
        given().get("/config.js").then().statusCode(200).contentType(startsWith("text/javascript"))
                .body(containsString("\"accountService\":\"http://127.0.0.1:18081\""),
                        containsString("\"deviceService\":\"http://127.0.0.1:18082\""),
                        containsString("\"notificationService\":\"http://127.0.0.1:8083\""));
    }

    @Test
    void isReadyForTheLocalRunToWaitOn() {
        given().get("/q/health/ready").then().statusCode(200);
    }
}
