package dev.miaccount.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Outside the local run: every page and API asks for the operator's password, /q/health does not. */
@QuarkusTest
@TestProfile(WithOperatorPassword.class)
class OperatorCredentialTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static RequestSpecification operator() {
        return given().header("Authorization", basic("operator:" + WithOperatorPassword.PASSWORD));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/index.html", "/dashboard.js", "/dashboard.css", "/api/v1/events",
            "/api/v1/events?subject=3277777128", "/api/v1/events/stream", "/q/openapi", "/no-such-page" })
    void asksForTheCredentialEverywhere(String path) {
        given().get(path).then().statusCode(401)
                .header("WWW-Authenticate", "Basic realm=\"Mi Account event dashboard\", charset=\"UTF-8\"")
                .contentType("application/problem+json")
                .body("type", endsWith("/unauthorized"))
                .body("status", equalTo(401))
                .body("detail", containsString("operator"))
                .body("detail", not(containsString(WithOperatorPassword.PASSWORD)))
                // the refusal carries the security headers too
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer");
    }

    @ParameterizedTest
    @ValueSource(strings = { "operator:wrong password!", "admin:" + WithOperatorPassword.PASSWORD,
            "operator:" + WithOperatorPassword.PASSWORD + " ", "operator:", ":" + WithOperatorPassword.PASSWORD,
            WithOperatorPassword.PASSWORD })
    void refusesAWrongCredential(String userAndPassword) {
        given().header("Authorization", basic(userAndPassword)).get("/api/v1/events").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = { "Basic", "Basic ", "Basic !!not-base64!!", "Bearer " + WithOperatorPassword.PASSWORD,
            "Digest username=\"operator\"" })
    void refusesAMalformedAuthorization(String header) {
        given().header("Authorization", header).get("/api/v1/events").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void letsTheOperatorIn() {
        operator().get("/").then().statusCode(200).body(containsString("dashboard.js"));
        operator().get("/dashboard.js").then().statusCode(200);
        operator().get("/api/v1/events").then().statusCode(200);
        // the scheme is case-insensitive (RFC 9110)
        given().header("Authorization", basic("operator:" + WithOperatorPassword.PASSWORD).replace("Basic", "basic"))
                .get("/api/v1/events").then().statusCode(200);
        operator().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
        // a bad filter is still the API's own 400 once the operator is in
        operator().queryParam("limit", "0").get("/api/v1/events").then().statusCode(400)
                .body("type", endsWith("/validation"));
    }

    @Test
    void leavesTheHealthChecksOpenForTheContainerProbes() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
    }

    @Test
    void aPathThatOnlyStartsLikeTheHealthChecksIsNoWayAround() throws Exception {
        // sent exactly as written, dot segments and all (RestAssured would tidy them away)
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] { "/q/health/../../api/v1/events", "/q/health/%2e%2e/%2e%2e/api/v1/events",
                "/q/healthy/../../api/v1/events" }) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isIn(401, 404);
            assertThat(response.body()).as(path).doesNotContain("\"subject\"");
        }
    }
}
