package dev.miaccount.account.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RegistrationTest {

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@Example.com";
    }

    @Test
    void registersAnAccountAndEmitsAccountRegisteredWithoutSecrets() {
        String email = uniqueEmail();
        String accountId = given().contentType(ContentType.JSON)
                .body("{\"email\":\" " + email + " \",\"password\":\"s3cret-Passw0rd\",\"displayName\":\"Mi Fan\","
                        + "\"unknownField\":42}")
                .post("/api/v1/accounts")
                .then().statusCode(201)
                .body("accountId", matchesPattern("[1-9][0-9]{9}"))
                .body("email", equalTo(email.toLowerCase()))
                .body("displayName", equalTo("Mi Fan"))
                .body("createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .extract().path("accountId");

        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            TopicReader.Received event = await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream()
                    .filter(r -> accountId.equals(r.key())).findFirst().orElse(null), r -> r != null);
            assertThat(event.header("ce_type")).isEqualTo(EventTypes.ACCOUNT_REGISTERED);
            assertThat(event.header("ce_subject")).isEqualTo(accountId);
            assertThat(event.header("ce_source")).isEqualTo("account-service");
            // the contact travels sealed under the account's data key: only a holder of the key reads it
            assertThat(event.value()).doesNotContain(email.toLowerCase()).doesNotContain("Mi Fan")
                    .doesNotContain("s3cret").doesNotContain("argon2");
            assertThat(Api.openPersonal(accountId, event.value())).contains(email.toLowerCase()).contains("Mi Fan");
        }
    }

    @Test
    void emailIsComparedCaseInsensitivelyAndATakenOneIsAConflict() {
        String email = uniqueEmail();
        register("{\"email\":\"" + email + "\",\"password\":\"long-enough-1\"}").then().statusCode(201);
        register("{\"email\":\"" + email.toUpperCase() + "\",\"password\":\"long-enough-2\"}")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/conflict")).body("status", equalTo(409));
    }

    @Test
    void aTakenPhoneIsAConflict() {
        String phone = "+86138" + (10_000_000 + (int) (Math.random() * 89_999_999));
        register("{\"phone\":\"" + phone + "\",\"password\":\"long-enough-1\"}").then().statusCode(201)
                .body("phone", equalTo(phone));
        register("{\"phone\":\"" + phone + "\",\"password\":\"long-enough-2\"}").then().statusCode(409)
                .body("type", endsWith("/conflict"));
    }

    @Test
    void badInputIsAProblemThatNamesTheField() {
        register("{\"email\":\"" + uniqueEmail() + "\"}").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/validation")).body("errors.field", hasItem("password"));
        register("{\"email\":\"" + uniqueEmail() + "\",\"password\":\"short\"}").then().statusCode(400)
                .body("errors.field", hasItem("password"));
        register("{\"email\":\"not-an-email\",\"password\":\"long-enough-1\"}").then().statusCode(400)
                .body("errors.field", hasItem("email"));
        register("{\"phone\":\"0123\",\"password\":\"long-enough-1\"}").then().statusCode(400)
                .body("errors.field", hasItem("phone"));
        register("{\"password\":\"long-enough-1\"}").then().statusCode(400)
                .body("detail", containsString("email or phone is required"));
        register("{\"email\":{\"nested\":true},\"password\":\"long-enough-1\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("email"));
        register("{\"email\": \"a@b.c\", ").then().statusCode(400).contentType("application/problem+json")
                .body("type", endsWith("/validation"));
        register("").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aBodyOver64KibIsRefused() {
        String huge = "x".repeat(70 * 1024);
        register("{\"email\":\"" + uniqueEmail() + "\",\"password\":\"long-enough-1\",\"displayName\":\"" + huge + "\"}")
                .then().statusCode(413);
    }

    private static io.restassured.response.Response register(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/v1/accounts");
    }
}
