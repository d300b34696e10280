package dev.miaccount.account.signin;

import static dev.miaccount.account.support.Api.PASSWORD;
import static dev.miaccount.account.support.Api.register;
import static dev.miaccount.account.support.Api.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.miaccount.account.support.Api.Registered;
import dev.miaccount.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;

/** The limit of 10 holds when guesses arrive all at once, for known and unknown identifiers alike. */
@QuarkusTest
class ParallelBruteForceTest {

    private static final int MAX_FAILURES = 10;

    @AfterEach
    void realTime() {
        MutableClock.INSTANCE.reset();
    }

    @Test
    void twoHundredGuessesSixtyFourAtATimeReachTheHashAtMostTenTimes() throws Exception {
        Registered account = register();
        Map<Integer, Integer> statuses = guessInParallel(account.email(), 200, 64);
        System.out.printf("%n200 wrong passwords, 64 at a time, for one account: %s%n%n", statuses);
        assertThat(statuses.getOrDefault(401, 0)).isBetween(1, MAX_FAILURES);
        assertThat(statuses.keySet()).isSubsetOf(401, 429, 503);
        signIn(account.email(), PASSWORD).then().statusCode(429);
    }

    @Test
    void anUnknownIdentifierLocksLikeAKnownOne() throws Exception {
        String nobody = "nobody-" + UUID.randomUUID() + "@example.com";
        Map<Integer, Integer> statuses = guessInParallel(nobody, 40, 16);
        assertThat(statuses.getOrDefault(401, 0)).isBetween(1, MAX_FAILURES);
        assertThat(statuses.keySet()).isSubsetOf(401, 429, 503);
        signIn(nobody, PASSWORD).then().statusCode(429);
    }

    @Test
    void failuresAreForgottenAfterAnHourWithoutOne() {
        Registered account = register();
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            signIn(account.accountId(), "wrong " + i).then().statusCode(401);
        }
        MutableClock.INSTANCE.advance(Duration.ofMinutes(61));
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            signIn(account.accountId(), "wrong again " + i).then().statusCode(401);
        }
        signIn(account.accountId(), PASSWORD).then().statusCode(200);
    }

    private static Map<Integer, Integer> guessInParallel(String identifier, int guesses, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                String guess = "guess number " + i;
                answers.add(pool.submit(() -> signIn(identifier, guess).statusCode()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
