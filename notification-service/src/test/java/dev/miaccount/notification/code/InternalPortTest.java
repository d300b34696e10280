package dev.miaccount.notification.code;

import static dev.miaccount.notification.support.Accounts.INTERNAL_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** With its own port, the internal API answers there only; the public port does not know it. */
@QuarkusTest
@TestProfile(InternalPortTest.OwnPort.class)
class InternalPortTest {

    static final int PORT = freePort();

    public static class OwnPort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("miaccount.internal.port", Integer.toString(PORT));
        }
    }

    @Test
    void theCodeCheckAnswersOnTheInternalPortAndIsUnknownOnThePublicOne() {
        Map<String, String> body = Map.of("accountId", "1234567890", "code", "123456");
        String path = "/internal/v1/verification-codes/" + UUID.randomUUID() + "/check";
        given().header("Authorization", "Bearer " + INTERNAL_TOKEN).contentType(ContentType.JSON).body(body)
                .post(path).then().statusCode(404).contentType("application/problem+json")
                .body("type", endsWith("/not-found"));
        given().port(PORT).header("Authorization", "Bearer " + INTERNAL_TOKEN).contentType(ContentType.JSON)
                .body(body).post(path).then().statusCode(200).body("result", equalTo("INVALID"));
        given().port(PORT).contentType(ContentType.JSON).body(body).post(path).then().statusCode(401)
                .contentType("application/problem+json");
        given().get("/api/v1/notifications").then().statusCode(401); // the public API stays where it was
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
