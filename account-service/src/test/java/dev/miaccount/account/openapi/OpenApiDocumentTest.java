package dev.miaccount.account.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The document this service publishes says what it answers (issue 14): the success status each call really sets,
 * each problem with the problem schema, and the fields that may be null.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void registrationIsA201WithTheAccountOrAConflict() {
        String responses = "paths.'/api/v1/accounts'.post.responses";
        document()
                .body(responses + ".'201'.content.'application/json'.schema.'$ref'", endsWith("/AccountView"))
                .body(responses + ".'409'.content.'application/problem+json'.examples", hasKey("conflict"))
                .body(responses + ".'413'.content.'application/problem+json'.schema.'$ref'", endsWith("/Problem"))
                .body(responses + ".'429'.headers", hasKey("Retry-After"))
                .body(responses + ".'503'.headers", hasKey("Retry-After"));
    }

    @Test
    void signInNamesItsRefusalsAndAResetIs202ThenNoContent() {
        document()
                .body("paths.'/api/v1/sessions'.post.responses.'401'.content.'application/problem+json'.examples",
                        hasKey("invalid-credentials"))
                .body("paths.'/api/v1/sessions'.post.responses.'429'.content.'application/problem+json'.examples",
                        hasKey("too-many-attempts"))
                .body("paths.'/api/v1/password-resets'.post.responses", hasKey("202"))
                .body("paths.'/api/v1/password-resets'.post.responses", not(hasKey("200")))
                .body("paths.'/api/v1/password-resets/{resetId}/confirm'.post.responses", hasKey("204"))
                .body("paths.'/api/v1/password-resets/{resetId}/confirm'.post.responses", not(hasKey("201")))
                .body("paths.'/api/v1/sessions'.delete.responses.'202'.content.'application/json'.schema.'$ref'",
                        endsWith("/FlowAccepted"))
                .body("paths.'/api/v1/sessions'.delete.responses", hasKey("403"));
    }

    @Test
    void contactsAndDevicesOfAnAccountMayBeNull() {
        document()
                .body("components.schemas.AccountView.properties.phone.type", hasItem("null"))
                .body("components.schemas.SessionView.properties.deviceId.type", hasItem("null"))
                .body("components.schemas.Page.properties.next.type", hasItem("null"));
    }

    private static io.restassured.response.ValidatableResponse document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
    }
}
