package dev.miaccount.account.bench;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.miaccount.account.password.PasswordHasher;
import dev.miaccount.account.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Not a test (surefire does not pick it up): a benchmark that prints sign-ins per second over HTTP next to raw
 * Argon2id hashes per second at the configured cost, in the same JVM after the same warm-up, because the JIT makes
 * the raw rate differ between launches. Run:
 * {@code ./mvnw -pl account-service -am verify -Dtest=SignInBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}
 */
@QuarkusTest
class SignInBenchmark {

    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final int ROUNDS = 200;

    @Inject
    PasswordHasher hasher;

    @TestHTTPResource("/api/v1/sessions")
    URL sessions;

    @Test
    void signInsPerSecondAgainstRawHashesPerSecond() throws Exception {
        Api.Registered account = Api.register();
        String body = "{\"identifier\":\"" + account.email() + "\",\"password\":\"" + Api.PASSWORD + "\"}";
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest signIn = HttpRequest.newBuilder(sessions.toURI()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String stored = hasher.hash(Api.PASSWORD);

        Callable<Void> oneSignIn = () -> {
            HttpResponse<Void> response = http.send(signIn, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("sign-in answered " + response.statusCode());
            }
            return null;
        };
        Callable<Void> oneHash = () -> {
            if (!hasher.verify(Api.PASSWORD, stored)) {
                throw new IllegalStateException("hash did not verify");
            }
            return null;
        };

        // the same warm-up for both, so that both run on the same compiled code
        rate(oneHash, ROUNDS / 2, THREADS);
        rate(oneSignIn, ROUNDS / 2, THREADS);

        double raw1 = rate(oneHash, ROUNDS, 1);
        double signIns1 = rate(oneSignIn, ROUNDS, 1);
        double rawN = rate(oneHash, ROUNDS, THREADS);
        double signInsN = rate(oneSignIn, ROUNDS, THREADS);
        System.out.printf("%nArgon2id m=%s KiB t=%s p=%s on %d cores%n",
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("miaccount.password.memory-kib", String.class),
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("miaccount.password.iterations", String.class),
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("miaccount.password.parallelism", String.class),
                THREADS);
        System.out.printf("  1 thread : %7.1f raw hashes/s   %7.1f sign-ins/s   (sign-in/raw = %.2f)%n", raw1, signIns1,
                signIns1 / raw1);
        System.out.printf("  %d threads: %7.1f raw hashes/s   %7.1f sign-ins/s   (sign-in/raw = %.2f)%n%n", THREADS, rawN,
                signInsN, signInsN / rawN);
    }

    /** Runs {@code task} {@code count} times on {@code threads} threads; calls per second. */
    private static double rate(Callable<Void> task, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

}
