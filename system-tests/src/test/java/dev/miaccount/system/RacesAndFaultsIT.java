package dev.miaccount.system;

import dev.miaccount.testing.SystemUnderTest;
import static dev.miaccount.system.Flows.PATIENCE;
import static dev.miaccount.system.Flows.awaitState;
import static dev.miaccount.system.Flows.devices;
import static dev.miaccount.system.Flows.register;
import static dev.miaccount.system.Flows.signInOnPhone;
import static dev.miaccount.system.Flows.signInOnWeb;
import static dev.miaccount.system.Flows.stepUp;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.miaccount.system.Flows.Account;
import dev.miaccount.system.Flows.Phone;

/**
 * Sign-out and deletion at the same moment, deletion twice at once, deletion while account-service is down: each
 * ends in one consistent terminal state in every service, with exactly one alert.
 */
class RacesAndFaultsIT {

    private static final String STEP_UP = "X-Step-Up-Token";

    private static final int REPETITIONS = Integer.getInteger("race.repetitions", 50);
    /** The two requests of one race. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(8);
    /** Several races at once, each on its own account and phone. */
    private static final ExecutorService SCENARIOS = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
        SCENARIOS.shutdownNow();
    }

    @Test
    void signOutAndDeletionAtTheSameMomentEndInOneStateWithOneAlert() {
        repeat(() -> {
            Account account = register();
            Phone phone = signInOnPhone(account, false);
            String web = signInOnWeb(account);
            awaitState(web, phone.deviceId(), "BOUND");

            CompletableFuture<Integer> signOut = CompletableFuture.supplyAsync(() -> devices(phone.token())
                    .body(Map.of("dataChoice", "KEEP")).post("/api/v1/devices/{id}/sign-out", phone.deviceId())
                    .statusCode(), POOL);
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> devices(web)
                    .delete("/api/v1/devices/{id}", phone.deviceId()).statusCode(), POOL);
            List<Integer> answers = List.of(signOut.join(), delete.join());
            // one winner: the phone's row lock orders them; the other finds it no longer BOUND (409), or already
            // signed out and no longer the account's (404), or its own session already revoked (401)
            assertThat(answers).filteredOn(code -> code == 202).hasSize(1);
            assertThat(answers).allMatch(code -> code == 202 || code == 409 || code == 404 || code == 401);

            String terminal = awaitTerminal(web, phone.deviceId());
            assertThat(terminal).isIn("SIGNED_OUT", "DELETED");
            assertExactlyOneAlert(account, terminal.equals("DELETED") ? "removed" : "signed out");
            devices(phone.token()).get("/api/v1/devices").then().statusCode(401);
        });
    }

    @Test
    void deletionTwiceAtOnceIsOneDeletionWithOneAlert() {
        repeat(() -> {
            Account account = register();
            Phone phone = signInOnPhone(account, true);
            String web = signInOnWeb(account);
            awaitState(web, phone.deviceId(), "BOUND");

            List<CompletableFuture<String>> deletes = IntStream.range(0, 2).mapToObj(i -> CompletableFuture
                    .supplyAsync(() -> devices(web).header(STEP_UP, stepUp(web))
                            .delete("/api/v1/devices/{id}", phone.deviceId()).then()
                            .statusCode(202).extract().<String>path("flowId"), POOL))
                    .toList();
            Set<String> flows = Set.copyOf(deletes.stream().map(CompletableFuture::join).toList());
            assertThat(flows).hasSize(1);

            awaitState(web, phone.deviceId(), "DELETED");
            assertExactlyOneAlert(account, "removed");
        });
    }

    @Test
    void aDeletionWhileAccountServiceIsDownCompletesWhenItIsBack() {
        Account account = register();
        Phone phone = signInOnPhone(account, true);
        String web = signInOnWeb(account);
        awaitState(web, phone.deviceId(), "BOUND");

        String stepUp = stepUp(web); // the password again, asked while account-service is up
        SystemUnderTest.stack().stop("account-service");
        try {
            devices(web).header(STEP_UP, stepUp).delete("/api/v1/devices/{id}", phone.deviceId()).then()
                    .statusCode(202);
            awaitState(web, phone.deviceId(), "DELETING");
        } finally {
            SystemUnderTest.stack().start("account-service");
        }
        awaitState(web, phone.deviceId(), "DELETED");
        assertExactlyOneAlert(account, "removed");
        Flows.accounts(phone.token()).get("/api/v1/accounts/me").then().statusCode(401);
    }

    private static String awaitTerminal(String token, String deviceId) {
        return await().atMost(PATIENCE).until(() -> devices(token).get("/api/v1/devices/{id}", deviceId).then()
                .statusCode(200).extract().<String>path("state"), state -> Set.of("SIGNED_OUT", "DELETED").contains(state));
    }

    /** One alert, and it stays one: a second one would follow the first within the flow's own time. */
    private static void assertExactlyOneAlert(Account account, String what) {
        await().atMost(PATIENCE).until(() -> alerts(account).size() == 1);
        assertThat(alerts(account)).singleElement().asString().contains(what);
    }

    private static List<String> alerts(Account account) {
        return given().baseUri(SystemUnderTest.notification()).get("/api/v1/sandbox/messages?to={to}", account.email())
                .then().statusCode(200).extract().<List<String>>path("subject").stream()
                .filter(subject -> subject.startsWith("Security alert")).toList();
    }

    /** Runs the scenario {@link #REPETITIONS} times, several at once. */
    private static void repeat(Runnable scenario) {
        List<CompletableFuture<Void>> runs = IntStream.range(0, REPETITIONS)
                .mapToObj(i -> CompletableFuture.runAsync(scenario, SCENARIOS))
                .toList();
        runs.forEach(CompletableFuture::join);
    }
}
