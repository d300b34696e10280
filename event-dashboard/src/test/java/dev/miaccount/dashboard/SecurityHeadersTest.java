package dev.miaccount.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** The page and the API carry the security headers, and the page works under its policy. */
@QuarkusTest
class SecurityHeadersTest {

    static final String POLICY = "default-src 'self'; frame-ancestors 'none'";

    private static void hasSecurityHeaders(ValidatableResponse response) {
        response.header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/dashboard.js", "/dashboard.css", "/api/v1/events", "/q/openapi",
            "/q/health/ready", "/no-such-page" })
    void onEveryAnswer(String path) {
        hasSecurityHeaders(given().get(path).then());
    }

    @Test
    void onProblemsAndTheStreamToo() {
        hasSecurityHeaders(given().queryParam("limit", "0").get("/api/v1/events").then().statusCode(400));
        hasSecurityHeaders(given().accept("text/event-stream").queryParam("subject", "bad id!")
                .get("/api/v1/events/stream").then().statusCode(400));
    }

    @Test
    void thePageNeedsNothingThePolicyBlocks() {
        // no inline script, no inline style, no style attribute, no inline event handler, nothing from elsewhere
        given().get("/").then().statusCode(200)
                .body(not(containsString("<script>")))
                .body(not(containsString("<style")))
                .body(not(containsString("style=")))
                .body(not(containsString(" onclick=")))
                .body(not(containsString("http://")))
                .body(not(containsString("https://")))
                .body(containsString("<script src=\"dashboard.js\" defer></script>"));
        given().get("/dashboard.js").then().statusCode(200)
                .body(not(containsString("innerHTML")))
                .body(not(containsString("eval(")))
                .body(not(containsString("setAttribute('style'")));
    }

    @Test
    void swaggerUiOfTheLocalRunGetsAPolicyThatLetsItStart() {
        List<String> policies = given().get("/q/swagger-ui/").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .extract().headers().getValues("Content-Security-Policy");
        // one policy: a browser enforces every one it gets, so a second, strict one would still block it
        assertThat(policies).singleElement().asString()
                .contains("script-src 'self' 'unsafe-inline'", "frame-ancestors 'none'");
    }
}
