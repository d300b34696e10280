package dev.miaccount.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.LocalStack;
import dev.miaccount.system.FaultDrill.Outcome;
import dev.miaccount.testing.SystemUnderTest;

/**
 * R1 and R2 of issue 12: with {@link FaultDrill#FLOWS} sign-outs and deletions in flight, {@code kill -9} of each
 * service in turn, of the Kafka broker, and an immediate-mode restart of PostgreSQL (fsync on), each followed by the
 * restart a supervisor would do: every flow completes, every phone ends in its final state, one alert each.
 *
 * <p>So that every flow is still in flight when the fault strikes (and not only on a fast machine), a service on the
 * flows' path is held with SIGSTOP while they are started — the killed service itself, or account-service when the
 * fault is elsewhere — and runs on again (SIGCONT) once the fault has struck. A held consumer also misses its
 * heartbeats and is expelled from its group, which is one more thing the drill survives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {

    private static final List<Outcome> OUTCOMES = new ArrayList<>();

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    /** Whatever happened in a drill, no service stays held, and every one is ready again before the next test. */
    @AfterEach
    void releaseAllAndAwaitReadiness() {
        for (String module : List.of(ACCOUNT, DEVICE, NOTIFICATION)) {
            try {
                release(module);
            } catch (RuntimeException e) {
                // not running: the next start brings it
            }
        }
        long started = System.nanoTime();
        for (String module : List.of(ACCOUNT, DEVICE, NOTIFICATION)) {
            String[] last = {""};
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    var response = given().baseUri(stack().url(module)).get("/q/health/ready");
                    if (response.statusCode() != 200 && last[0].isEmpty()) {
                        System.out.println(module + " not ready yet: " + response.asString().replaceAll("\\s+", " "));
                    }
                    last[0] = response.asString();
                    return response.statusCode() == 200;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(module + " is not ready again: " + last[0], e);
            }
        }
        System.out.printf("every service ready again %.1f s after the drill%n", (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void report() {
        System.out.println("\nFault drills (issue 12, R1 and R2):");
        OUTCOMES.forEach(outcome -> System.out.println("  " + outcome));
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void r1KillOfAccountServiceThenRestart() {
        // held, the requests wait for it on device-events; killed, it has read some and applied none
        drill("R1 kill -9 of account-service", () -> hold(ACCOUNT), () -> killAndRestart(ACCOUNT));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void r1KillOfDeviceServiceThenRestart() {
        // the requests are accepted and wait for account-service; its answers then wait for device-service
        drill("R1 kill -9 of device-service", () -> hold(ACCOUNT), () -> {
            stack().kill(DEVICE);
            release(ACCOUNT);
            restart(DEVICE);
        });
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void r1KillOfNotificationServiceThenRestart() {
        // every phone reaches its final state while notification-service is held: only the alerts are left
        drill("R1 kill -9 of notification-service", () -> hold(NOTIFICATION), () -> killAndRestart(NOTIFICATION));
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void r2KillOfTheKafkaBrokerThenRestart() {
        Infrastructure infrastructure = stack().infrastructure();
        drill("R2 kill -9 of the Kafka broker", () -> hold(ACCOUNT), () -> {
            infrastructure.killKafka();
            release(ACCOUNT);
            double ready = FaultDrill.timed(infrastructure::startKafka);
            System.out.printf("Kafka broker started again: answering %.1f s after its launch%n", ready);
        });
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void r2ImmediateRestartOfPostgres() {
        Infrastructure infrastructure = stack().infrastructure();
        drill("R2 immediate restart of PostgreSQL", () -> hold(ACCOUNT), () -> {
            double restarted = FaultDrill.timed(infrastructure::restartPostgresImmediately);
            release(ACCOUNT);
            System.out.printf("PostgreSQL stopped immediately and answering again after %.1f s%n", restarted);
        });
    }

    private static final String ACCOUNT = "account-service";
    private static final String DEVICE = "device-service";
    private static final String NOTIFICATION = "notification-service";

    private static LocalStack stack() {
        return SystemUnderTest.stack();
    }

    private static void hold(String module) {
        stack().service(module).process().signal("STOP");
    }

    private static void release(String module) {
        stack().service(module).process().signal("CONT");
    }

    private static void killAndRestart(String module) {
        stack().kill(module);
        restart(module);
    }

    private static void restart(String module) {
        double ready = FaultDrill.timed(() -> stack().start(module));
        System.out.printf("%s started again: ready, with its partitions assigned, %.1f s after its launch%n", module,
                ready);
    }

    private static void drill(String name, Runnable hold, Runnable fault) {
        Outcome outcome = FaultDrill.prepare(name).run(hold, fault);
        OUTCOMES.add(outcome);
    }
}
