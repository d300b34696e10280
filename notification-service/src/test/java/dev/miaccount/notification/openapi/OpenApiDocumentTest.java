package dev.miaccount.notification.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The document this service publishes says what it answers (issue 14), null fields and problems included. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void anSmsHasNoSubjectAndAWaitingDeliveryNoSentAt() {
        document()
                .body("components.schemas.SandboxMessageView.properties.subject.type", hasItem("null"))
                .body("components.schemas.NotificationView.properties.sentAt.type", hasItem("null"));
    }

    @Test
    void theSandboxAndTheNotificationsNameTheirProblems() {
        document()
                .body("paths.'/api/v1/sandbox/messages'.get.responses.'404'.content.'application/problem+json'"
                        + ".schema.'$ref'", endsWith("/Problem"))
                .body("paths.'/api/v1/sandbox/messages'.get.responses.'400'.content.'application/problem+json'"
                        + ".schema.'$ref'", endsWith("/Problem"))
                .body("paths.'/api/v1/notifications'.get.responses.'401'.headers", hasKey("WWW-Authenticate"));
    }

    private static io.restassured.response.ValidatableResponse document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
    }
}
