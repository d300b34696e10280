package dev.miaccount.device.openapi;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The document this service publishes says what it answers (issue 14): the 202 of a flow, each problem with the
 * problem schema, the step-up and token refusals the auth module adds, and the fields that may be null.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final String PROBLEM = "'application/problem+json'.schema.'$ref'";

    @Test
    void deletingAPhoneIsA202FlowWithItsProblems() {
        String delete = "paths.'/api/v1/devices/{deviceId}'.delete.responses";
        document()
                .body(delete, not(hasKey("200")))
                .body(delete + ".'202'.content.'application/json'.schema.'$ref'", endsWith("/FlowAccepted"))
                .body(delete + ".'401'.content." + PROBLEM, endsWith("/Problem"))
                .body(delete + ".'403'.content.'application/problem+json'.examples", hasKey("password-required"))
                .body(delete + ".'404'.content." + PROBLEM, endsWith("/Problem"))
                .body(delete + ".'409'.content." + PROBLEM, endsWith("/Problem"))
                .body(delete + ".'400'.content." + PROBLEM, endsWith("/Problem"))
                .body("paths.'/api/v1/devices/{deviceId}'.delete.security[0]", hasKey("bearer"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void theBootloaderNamesBothConflictsAndTheWaitPeriodsExtensionMember() {
        document()
                .body("paths.'/api/v1/devices/{deviceId}/bootloader-unlock'.post.responses.'409'.content."
                        + "'application/problem+json'.examples", hasKey("wait-period"))
                .body("paths.'/api/v1/devices/{deviceId}/bootloader-unlock'.post.responses.'409'.content."
                        + "'application/problem+json'.examples", hasKey("conflict"))
                .body("components.schemas.Problem.properties", hasKey("remainingSeconds"))
                .body("components.schemas.Problem.required", hasItems("type", "title", "status"));
    }

    @Test
    void theLockCheckNamesItsLimitAndTheSignOutItsOwnSession() {
        document()
                .body("paths.'/api/v1/devices/{deviceId}/activation-lock'.get.responses.'429'.headers",
                        hasKey("Retry-After"))
                .body("paths.'/api/v1/devices/{deviceId}/activation-lock'.get.responses", not(hasKey("401")))
                .body("paths.'/api/v1/devices/{deviceId}/sign-out'.post.responses.'403'.content."
                        + "'application/problem+json'.examples", hasKey("device-session-required"))
                .body("paths.'/api/v1/devices/{deviceId}/sign-out'.post.responses.'202'.content."
                        + "'application/json'.schema.'$ref'", endsWith("/FlowAccepted"));
    }

    @Test
    void aPhonesLastDataChoiceMayBeNull() {
        document().body("components.schemas.DeviceView.properties.lastDataChoice.type", hasItem("null"));
    }

    private static io.restassured.response.ValidatableResponse document() {
        return given().queryParam("format", "json").get("/q/openapi").then().statusCode(200);
    }
}
