package dev.miaccount.notification.code;

import static dev.miaccount.notification.support.Accounts.INTERNAL_TOKEN;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static dev.miaccount.notification.support.Accounts.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * The internal code check answers account-service only: {@code Authorization: Bearer <miaccount.internal.token>}.
 * The credential is no JWT, and the access-token mechanism must not get in its way.
 */
@QuarkusTest
class ServiceCredentialTest {

    private static final String PATH = "/internal/v1/verification-codes/{resetId}/check";

    @Test
    void theRightCredentialGetsValidAndInvalid() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertThat(check(resetId, accountId, wrong)).isEqualTo("INVALID");
        given().header("Authorization", "bearer  " + INTERNAL_TOKEN + " ").contentType(ContentType.JSON)
                .body(Map.of("accountId", accountId, "code", code)).post(PATH, resetId).then().statusCode(200)
                .body("result", equalTo("VALID"));
    }

    @Test
    void withoutTheCredentialEveryCallIsUnauthorizedAndNoAttemptIsSpent() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";
        Map<String, String> guess = Map.of("accountId", accountId, "code", wrong);

        refused(given(), guess, resetId);
        refused(given().header("Authorization", "Bearer wrong-" + INTERNAL_TOKEN), guess, resetId);
        refused(given().header("Authorization", "Bearer " + INTERNAL_TOKEN.substring(1)), guess, resetId);
        refused(given().header("Authorization", "Bearer " + INTERNAL_TOKEN + "x"), guess, resetId);
        refused(given().header("Authorization", "Bearer "), guess, resetId);
        refused(given().header("Authorization", INTERNAL_TOKEN), guess, resetId);
        refused(given().auth().preemptive().basic("account-service", INTERNAL_TOKEN), guess, resetId);
        refused(given().auth().oauth2(token(accountId)), guess, resetId);
        refused(given().header("X-Internal-Token", INTERNAL_TOKEN), guess, resetId);
        // Refused before the body is read: a malformed body without the credential is a 401 too.
        given().contentType(ContentType.JSON).body("{").post(PATH, resetId).then().statusCode(401)
                .contentType("application/problem+json");

        assertThat(check(resetId, accountId, code)).as("no attempt was spent by the refused calls")
                .isEqualTo("VALID");
    }

    private static void refused(RequestSpecification request, Map<String, String> body, String resetId) {
        request.contentType(ContentType.JSON).body(body).post(PATH, resetId).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401))
                .body("type", equalTo("https://mi-account.dev/problems/unauthorized"));
    }
}
