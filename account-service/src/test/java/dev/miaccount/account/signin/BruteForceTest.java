package dev.miaccount.account.signin;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Default settings: lockout after 10 consecutive failures, 60 s more per further failure, 15 min at most. */
@QuarkusTest
class BruteForceTest {

    private static final int MAX_FAILURES = 10;

    @AfterEach
    void realTime() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void locksTheAccountAfterTheLimitEvenForTheRightPasswordThenLetsItIn() {
        Registered account = register();
        failTimes(account.accountId(), MAX_FAILURES);

        Response locked = signIn(account.email(), PASSWORD);
        locked.then().statusCode(429).contentType("application/problem+json")
                .body("type", endsWith("/too-many-attempts"));
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 60L);

        MutableClock.INSTANCE.advance(Duration.ofSeconds(61));
        signIn(account.email(), PASSWORD).then().statusCode(200);
        // the success reset the count: the limit applies afresh
        failTimes(account.accountId(), MAX_FAILURES - 1);
        signIn(account.email(), PASSWORD).then().statusCode(200);
    }

    @Test
    void theLockoutGrowsByAMinutePerFurtherFailureAndNeverBeyondFifteenMinutes() {
        Registered account = register();
        failTimes(account.accountId(), MAX_FAILURES);
        long previous = retryAfter(account);
        assertThat(previous).isBetween(50L, 60L);
        for (int round = 0; round < 18; round++) {
            MutableClock.INSTANCE.advance(Duration.ofSeconds(previous + 1));
            signIn(account.accountId(), "wrong again").then().statusCode(401);
            long next = retryAfter(account);
            assertThat(next).isLessThanOrEqualTo(900L).isGreaterThanOrEqualTo(Math.min(previous, 840L));
            previous = next;
        }
        assertThat(previous).isBetween(850L, 900L);
        // temporary, however often it is tried: after the wait the owner gets in
        MutableClock.INSTANCE.advance(Duration.ofSeconds(901));
        signIn(account.accountId(), PASSWORD).then().statusCode(200);
    }

    private static long retryAfter(Registered account) {
        Response response = signIn(account.email(), PASSWORD);
        response.then().statusCode(429);
        return Long.parseLong(response.header("Retry-After"));
    }

    private static void failTimes(String identifier, int times) {
        for (int i = 0; i < times; i++) {
            signIn(identifier, "wrong password " + i).then().statusCode(401)
                    .body("type", endsWith("/invalid-credentials"));
        }
    }
}
