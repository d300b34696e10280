package dev.miaccount.notification.delivery;

import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static dev.miaccount.notification.support.Accounts.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** GET /api/v1/notifications: the caller's own deliveries, masked, never a code. */
@QuarkusTest
class NotificationsTest {

    @Test
    void listsTheCallersOwnDeliveriesNewestFirstMaskedAndWithoutTheCode() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String other = newAccountId();
        registered(other, null, phoneOf(other));
        resetRequested(accountId);
        String code = awaitCode(phone, 1);

        String body = await().atMost(PATIENCE).until(() -> given().auth().oauth2(token(accountId))
                .get("/api/v1/notifications").then().statusCode(200).extract().asString(),
                json -> json.contains("VERIFICATION_CODE"));
        List<Map<String, Object>> list = given().auth().oauth2(token(accountId)).get("/api/v1/notifications")
                .then().statusCode(200).extract().jsonPath().getList("$");

        assertThat(list).extracting(n -> n.get("kind")).containsExactly("VERIFICATION_CODE", "WELCOME");
        Map<String, Object> sent = list.get(0);
        assertThat(sent).containsEntry("reason", "PASSWORD_RESET").containsEntry("channel", "SMS")
                .containsEntry("status", "SENT").containsEntry("destination", "+86*******" + phone.substring(10))
                .containsKeys("id", "createdAt", "sentAt");
        assertThat(body).doesNotContain(code).doesNotContain(phone).doesNotContain(other);
    }

    @Test
    void withoutATokenItIsAnUnauthorizedProblem() {
        given().get("/api/v1/notifications").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        given().auth().oauth2("not-a-token").get("/api/v1/notifications").then().statusCode(401);
    }
}
