package dev.miaccount.notification.code;

import static dev.miaccount.notification.support.Accounts.INTERNAL_TOKEN;
import static dev.miaccount.notification.support.Accounts.PATIENCE;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.codes;
import static dev.miaccount.notification.support.Accounts.inbox;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.notifications;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** account-service's password reset, as notification-service sees it: a code sent, then checked. */
@QuarkusTest
class PasswordResetCodeTest {

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void aResetSendsASixDigitCodeBySmsToThePhoneWhichIsAcceptedOnce() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, "both-" + accountId + "@example.com", phone);

        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);

        Map<String, String> sms = inbox(phone).get(0);
        assertThat(sms.get("channel")).isEqualTo("SMS");
        assertThat(sms.get("body")).isEqualTo("Your Mi Account verification code is " + code
                + ". It expires in 10 minutes.");
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
        assertThat(check(resetId, accountId, code)).isEqualTo("INVALID");
    }

    @Test
    void anAccountWithoutPhoneGetsItsCodeByEmail() {
        String accountId = newAccountId();
        String email = "nophone-" + accountId + "@example.com";
        registered(accountId, email, null);

        String resetId = resetRequested(accountId);
        String code = awaitCode(email, 1);

        assertThat(inbox(email).get(0)).containsEntry("channel", "EMAIL")
                .containsEntry("subject", "Your Mi Account verification code");
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
    }

    @Test
    void theCodeOfAnotherAccountOrResetIsInvalid() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);

        assertThat(check(resetId, newAccountId(), code)).isEqualTo("INVALID");
        assertThat(check("no-such-reset", accountId, code)).isEqualTo("INVALID");
        assertThat(check(resetId, accountId, code)).isEqualTo("VALID");
    }

    @Test
    void fiveWrongCodesKillTheCodeEvenForTheRightOne() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);
        String wrong = code.equals("000000") ? "111111" : "000000";

        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(check(resetId, accountId, wrong)).as("wrong attempt %d", attempt).isEqualTo("INVALID");
        }
        assertThat(check(resetId, accountId, wrong)).isEqualTo("EXHAUSTED");
        assertThat(check(resetId, accountId, code)).isEqualTo("EXHAUSTED");
        assertThat(check(resetId, accountId, wrong)).isEqualTo("EXHAUSTED");
    }

    @Test
    void anExpiredCodeIsInvalid() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);

        MutableClock.INSTANCE.advance(Duration.ofMinutes(11));

        assertThat(check(resetId, accountId, code)).isEqualTo("INVALID");
    }

    @Test
    void aNewerResetVoidsTheOlderCode() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String first = resetRequested(accountId);
        String firstCode = awaitCode(phone, 1);

        MutableClock.INSTANCE.advance(Duration.ofSeconds(61)); // past the resend cooldown
        String second = resetRequested(accountId);
        String secondCode = awaitCode(phone, 2);

        assertThat(check(first, accountId, firstCode)).isEqualTo("INVALID");
        assertThat(check(second, accountId, secondCode)).isEqualTo("VALID");
    }

    @Test
    void ofTwoConcurrentChecksOfTheRightCodeOneIsValid() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);

        List<CompletableFuture<String>> checks = Stream.generate(() -> CompletableFuture.supplyAsync(
                () -> check(resetId, accountId, code))).limit(4).toList();
        List<String> results = checks.stream().map(CompletableFuture::join).toList();

        assertThat(results).containsOnlyOnce("VALID").containsOnly("VALID", "INVALID");
    }

    @Test
    void aSecondResetWithinTheCooldownSendsNothingAndIsAFailedDelivery() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        resetRequested(accountId);
        awaitCode(phone, 1);

        resetRequested(accountId);

        await().atMost(PATIENCE).until(() -> failedCodeDeliveries(accountId).size() == 1);
        assertThat(failedCodeDeliveries(accountId).get(0)).containsEntry("channel", "SMS")
                .containsEntry("reason", "PASSWORD_RESET");
        assertThat(codes(phone)).hasSize(1);
    }

    @Test
    void pastTheHourlyCapNoCodeIsSent() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        for (int sent = 1; sent <= 5; sent++) {
            resetRequested(accountId);
            awaitCode(phone, sent);
            MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        }

        resetRequested(accountId);

        await().atMost(PATIENCE).until(() -> failedCodeDeliveries(accountId).size() == 1);
        assertThat(codes(phone)).hasSize(5);
        MutableClock.INSTANCE.advance(Duration.ofMinutes(60));
        resetRequested(accountId);
        awaitCode(phone, 6);
    }

    @Test
    void aMalformedCheckIsABadRequestProblem() {
        internalCheck("any", "{\"accountId\":\"12\",\"code\":\"123456\"}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("accountId"));
        internalCheck("any", "{\"accountId\":\"1234567890\"").statusCode(400)
                .contentType("application/problem+json");
        internalCheck("any", "{\"accountId\":\"1234567890\"}").statusCode(400)
                .contentType("application/problem+json");
    }

    private static ValidatableResponse internalCheck(String resetId, String body) {
        return given().header("Authorization", "Bearer " + INTERNAL_TOKEN).contentType(ContentType.JSON).body(body)
                .post("/internal/v1/verification-codes/{resetId}/check", resetId).then();
    }

    @Test
    void aLifetimeOfMoreThanTenMinutesIsRefused() {
        assertThatThrownBy(() -> CodeService.refuseLongLifetime(Duration.ofMinutes(11)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("miaccount.code.lifetime");
        CodeService.refuseLongLifetime(Duration.ofMinutes(10));
    }

    private static List<Map<String, Object>> failedCodeDeliveries(String accountId) {
        return notifications(accountId).stream().filter(n -> "VERIFICATION_CODE".equals(n.get("kind")))
                .filter(n -> "FAILED".equals(n.get("status"))).toList();
    }
}
