package dev.miaccount.notification.code;

import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.check;
import static dev.miaccount.notification.support.Accounts.contactChangeRequested;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Wrong codes are capped per account across all its codes: 20 in 24 h (miaccount.code.daily-failure-cap), then
 * every check of the account's codes is EXHAUSTED — the right code too — until the window has passed.
 */
@QuarkusTest
class DailyFailureCapTest {

    private static final Duration PAST_COOLDOWN = Duration.ofSeconds(61);

    @AfterEach
    void resetClock() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void twentyWrongCodesADayAcrossResetsAndChangesExhaustEveryCodeOfTheAccountUntilTheWindowPasses() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        int sent = 0;
        for (int reset = 1; reset <= 3; reset++) { // 15 wrong codes, each reset's code killed by its 5th
            String resetId = resetRequested(accountId);
            String code = awaitCode(phone, ++sent);
            for (int attempt = 1; attempt <= 5; attempt++) {
                assertThat(check(resetId, accountId, wrong(code))).isEqualTo(attempt < 5 ? "INVALID" : "EXHAUSTED");
            }
            MutableClock.INSTANCE.advance(PAST_COOLDOWN);
        }
        String resetId = resetRequested(accountId);
        String resetCode = awaitCode(phone, ++sent);
        for (int attempt = 1; attempt <= 4; attempt++) { // 19
            assertThat(check(resetId, accountId, wrong(resetCode))).isEqualTo("INVALID");
        }
        String newEmail = "capped-" + accountId + "@example.com";
        String changeId = contactChangeRequested(accountId, "EMAIL", newEmail);
        String changeCode = awaitCode(newEmail, 1);

        assertThat(check(changeId, accountId, wrong(changeCode))).as("the 20th wrong code, the change code's first")
                .isEqualTo("EXHAUSTED");
        assertThat(check(changeId, accountId, changeCode)).isEqualTo("EXHAUSTED");
        assertThat(check(resetId, accountId, resetCode)).isEqualTo("EXHAUSTED");
        MutableClock.INSTANCE.advance(PAST_COOLDOWN);
        String freshResetId = resetRequested(accountId);
        String freshCode = awaitCode(phone, ++sent);
        assertThat(check(freshResetId, accountId, freshCode)).as("a new reset's right code").isEqualTo("EXHAUSTED");

        // Half a day on, still capped; the checks refused meanwhile do not count, so they do not extend the window.
        MutableClock.INSTANCE.advance(Duration.ofHours(12));
        for (int attempt = 1; attempt <= 25; attempt++) {
            assertThat(check(freshResetId, accountId, wrong(freshCode))).isEqualTo("EXHAUSTED");
        }
        MutableClock.INSTANCE.advance(Duration.ofHours(12).plusMinutes(10));
        String laterResetId = resetRequested(accountId);
        String laterCode = awaitCode(phone, ++sent);
        assertThat(check(laterResetId, accountId, wrong(laterCode))).isEqualTo("INVALID");
        assertThat(check(laterResetId, accountId, laterCode)).isEqualTo("VALID");
    }

    @Test
    void anotherAccountIsNotCapped() {
        String capped = newAccountId();
        String phone = phoneOf(capped);
        registered(capped, null, phone);
        String other = newAccountId();
        String othersPhone = phoneOf(other);
        registered(other, null, othersPhone);
        for (int reset = 1; reset <= 4; reset++) {
            String resetId = resetRequested(capped);
            String code = awaitCode(phone, reset);
            for (int attempt = 1; attempt <= 5; attempt++) {
                check(resetId, capped, wrong(code));
            }
            MutableClock.INSTANCE.advance(PAST_COOLDOWN);
        }

        String othersReset = resetRequested(other);
        String othersCode = awaitCode(othersPhone, 1);
        assertThat(check(othersReset, capped, othersCode)).as("another account's code named with the capped one")
                .isEqualTo("EXHAUSTED");
        assertThat(check(othersReset, other, othersCode)).isEqualTo("VALID");
    }

    @Test
    void aCapAboveOneHundredOrBelowOneIsRefused() {
        assertThatThrownBy(() -> CodeService.refuseDailyFailureCap(101)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("miaccount.code.daily-failure-cap");
        assertThatThrownBy(() -> CodeService.refuseDailyFailureCap(0)).isInstanceOf(IllegalStateException.class);
        CodeService.refuseDailyFailureCap(100);
        CodeService.refuseDailyFailureCap(1);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
