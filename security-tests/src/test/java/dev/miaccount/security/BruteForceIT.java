package dev.miaccount.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.miaccount.security.Api.Account;
import dev.miaccount.security.Api.Session;
import dev.miaccount.security.Http.Reply;

/**
 * Password guessing in parallel: of 200 wrong passwords for one account, 64 at a time, at most the configured
 * max-failures (10) are answered 401 — each 401 is one password really tried — and the rest are refused before
 * the hash (429 too-many-attempts, or 503 with Retry-After when the hashing pool sheds). Then the right password
 * is refused as well while the lock holds, and an unknown identifier locks the same way. A step-up token is good
 * for one use, also when the uses race.
 */
@Order(4)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BruteForceIT {

    static final int ATTEMPTS = 200;
    static final int PARALLEL = 64;
    /** miaccount.brute-force.max-failures of account-service. */
    static final int MAX_FAILURES = 10;

    private static final ExecutorService POOL = Executors.newFixedThreadPool(PARALLEL);

    @BeforeAll
    static void start() {
        Stack.start();
        Secrets.contributedBy(BruteForceIT.class);
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /*
     * The order keeps the per-address limit (at least 300 a minute, API.md) out of the way: the unknown identifier
     * and the step-up go first, while this suite has sent few sign-ins, so that their 429s can only be the lockout.
     */
    @Test
    @Order(3)
    void parallelWrongPasswordsReachTheHashAtMostMaxFailuresTimesAndTheRightOneWaits() {
        Account account = Api.register();
        List<Reply> replies = guess(account.email(), ATTEMPTS);
        Findings findings = judge("BruteForceIT known account", replies);

        Reply right = Api.signIn(account.email(), account.password(), null);
        findings.refused("the right password while locked", right, "too-many-attempts", 429);
        findings.check("the right password while locked: Retry-After", right.header("Retry-After").isPresent(),
                right.describe());
        findings.assertNone();
    }

    @Test
    @Order(1)
    void anUnknownIdentifierLocksTheSameWay() {
        List<Reply> replies = guess(Api.newEmail(), PARALLEL);
        Findings findings = judge("BruteForceIT unknown identifier", replies);
        findings.check("an unknown identifier locks too (some 429)", replies.stream().anyMatch(r -> r.status() == 429),
                histogram(replies).toString());
        findings.assertNone();
    }

    /** Sends {@code attempts} wrong passwords, {@value #PARALLEL} at a time, all released at once. */
    private static List<Reply> guess(String identifier, int attempts) {
        List<Reply> replies = new ArrayList<>();
        long begin = System.nanoTime();
        for (int sent = 0; sent < attempts; sent += PARALLEL) {
            int wave = Math.min(PARALLEL, attempts - sent);
            CountDownLatch gate = new CountDownLatch(1);
            List<CompletableFuture<Reply>> answers = IntStream.range(0, wave)
                    .mapToObj(i -> CompletableFuture.supplyAsync(guessOnce(identifier, gate), POOL)).toList();
            gate.countDown();
            answers.forEach(answer -> replies.add(answer.join()));
        }
        System.out.printf("[BruteForceIT] %s: %d wrong passwords, %d in parallel, in %.1f s: %s%n", identifier,
                attempts, PARALLEL, (System.nanoTime() - begin) / 1e9, histogram(replies));
        return replies;
    }

    private static Supplier<Reply> guessOnce(String identifier, CountDownLatch gate) {
        String wrong = Api.newPassword();
        return () -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Api.signIn(identifier, wrong, null);
        };
    }

    private static Findings judge(String title, List<Reply> replies) {
        Findings findings = new Findings(title);
        long unauthorized = replies.stream().filter(r -> r.status() == 401).count();
        findings.check("401 answers (passwords tried) at most " + MAX_FAILURES, unauthorized <= MAX_FAILURES,
                unauthorized + " answers 401: " + histogram(replies));
        for (Reply reply : replies) {
            switch (reply.status()) {
                case 401 -> findings.refused("a wrong password", reply, "invalid-credentials", 401);
                case 429 -> {
                    findings.refused("a wrong password during the lockout", reply, "too-many-attempts", 429);
                    findings.check("429 has Retry-After", reply.header("Retry-After").isPresent(), reply.describe());
                }
                case 503 -> {
                    findings.refused("a wrong password shed by the hashing pool", reply, null, 503);
                    findings.check("503 has Retry-After", reply.header("Retry-After").isPresent(), reply.describe());
                }
                default -> findings.check("a wrong password", false, "unexpected " + reply.describe());
            }
        }
        return findings;
    }

    static Map<Integer, Long> histogram(List<Reply> replies) {
        return replies.stream().collect(Collectors.groupingBy(Reply::status, TreeMap::new, Collectors.counting()));
    }

    @Test
    @Order(2)
    void aStepUpTokenIsGoodForOneUse() {
        Account account = Api.register();
        Session web = Api.web(account);
        Session phone = Api.phone(account, true);
        String findDevice = Stack.device() + "/api/v1/devices/" + phone.deviceId() + "/find-device";
        String bootloader = Stack.device() + "/api/v1/devices/" + phone.deviceId() + "/bootloader-unlock";
        Findings findings = new Findings("BruteForceIT step-up single use");

        String header = Api.stepUp(phone);
        findings.status("find-device off, X-Step-Up-Token, first use", Http.put(findDevice).bearer(phone.token())
                .header("X-Step-Up-Token", header).json(Map.of("enabled", false)).send(), 200);
        findings.status("find-device on (no step-up needed)", Http.put(findDevice).bearer(phone.token())
                .json(Map.of("enabled", true)).send(), 200);
        findings.refused("find-device off, X-Step-Up-Token, second use", Http.put(findDevice).bearer(phone.token())
                .header("X-Step-Up-Token", header).json(Map.of("enabled", false)).send(), "password-required", 403);
        findings.refused("find-device off, the header's token used again in the body", Http.put(findDevice)
                .bearer(phone.token()).json(Map.of("enabled", false, "stepUpToken", header)).send(),
                "password-required", 403);

        String body = Api.stepUp(phone);
        findings.status("find-device off, body stepUpToken, first use", Http.put(findDevice).bearer(phone.token())
                .json(Map.of("enabled", false, "stepUpToken", body)).send(), 200);
        findings.status("find-device on again", Http.put(findDevice).bearer(phone.token())
                .json(Map.of("enabled", true)).send(), 200);
        findings.refused("find-device off, body stepUpToken, second use", Http.put(findDevice).bearer(phone.token())
                .json(Map.of("enabled", false, "stepUpToken", body)).send(), "password-required", 403);

        String unlock = Api.stepUp(web);
        Reply first = Http.post(bootloader).bearer(web.token()).header("X-Step-Up-Token", unlock).send();
        findings.check("bootloader unlock, first use: past the step-up (409 wait-period)", first.status() == 409
                && "wait-period".equals(first.slug()), first.describe());
        findings.refused("bootloader unlock, second use", Http.post(bootloader).bearer(web.token())
                .header("X-Step-Up-Token", unlock).send(), "password-required", 403);

        // The same token eight times at once: one use gets past the step-up, the other seven are refused.
        String raced = Api.stepUp(web);
        CountDownLatch gate = new CountDownLatch(1);
        List<CompletableFuture<Reply>> uses = IntStream.range(0, 8).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> {
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return Http.post(bootloader).bearer(web.token()).header("X-Step-Up-Token", raced).send();
                }, POOL)).toList();
        gate.countDown();
        List<Reply> replies = uses.stream().map(CompletableFuture::join).toList();
        long past = replies.stream().filter(r -> r.status() == 409 && "wait-period".equals(r.slug())).count();
        long refused = replies.stream().filter(r -> r.status() == 403 && "password-required".equals(r.slug())).count();
        System.out.printf("[BruteForceIT] one step-up token used 8 times at once: %d past the step-up, %d refused %s%n",
                past, refused, histogram(replies));
        findings.check("one step-up token used 8 times at once: exactly one use", past == 1 && refused == 7,
                past + " past the step-up, " + refused + " refused: " + histogram(replies));
        Reply state = Api.device(web, phone.deviceId());
        findings.check("Find device is still on", "true".equals(state.text("findDevice")), state.describe());
        assertThat(findings.checks()).isGreaterThan(0);
        findings.assertNone();
    }
}
