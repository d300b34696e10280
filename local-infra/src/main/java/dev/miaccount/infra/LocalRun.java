package dev.miaccount.infra;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./run-local.sh}: Kafka, PostgreSQL and every service on the ports of API.md, until Ctrl-C or SIGTERM.
 * Data stays in {@code .local-run/} between runs; delete that directory to start empty.
 *
 * <p>Like compose's restart policy, a service that dies (a crash, {@code kill -9}) is started again, and the run
 * says so in one line; one that keeps dying within seconds of its start is started again after a growing pause (up
 * to 30 s). Ctrl-C reaches only this JVM (the children run in sessions of their own and ignore it): it stops the
 * services first, then PostgreSQL, then the broker, so the next run starts at once.
 */
public final class LocalRun {

    private static final long QUICK_DEATH_NANOS = TimeUnit.SECONDS.toNanos(30);

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        Path workDir = ProjectLayout.root().resolve(".local-run");
        int kafkaPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_KAFKA_PORT", "9092"));
        int pgPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_POSTGRES_PORT", "5432"));
        boolean infraOnly = List.of(args).contains("--infra-only");

        System.out.println("Starting Kafka and PostgreSQL (" + Infrastructure.mode().description()
                + "; data and logs in " + workDir + ") ...");
        Infrastructure infrastructure = Infrastructure.start(workDir, kafkaPort, pgPort, true);
        System.out.printf("  %s, after %.1f s%n", infrastructure.describe(), (System.nanoTime() - started) / 1e9);
        if (infraOnly) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("\nStopping PostgreSQL, then Kafka ...");
                infrastructure.close();
                System.out.println("Stopped.");
            }, "local-run-shutdown"));
            DevConfig.write(infrastructure, workDir, started);
            new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM: the shutdown hook stops everything
            return;
        }
        System.out.println("Starting the services (logs in " + workDir.resolve("logs") + ") ...");
        LocalStack stack;
        try {
            stack = LocalStack.start(infrastructure, true, workDir, Map.of(), line -> System.out.println("  " + line));
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }

        CountDownLatch stopping = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            System.out.println("\nStopping the services, then PostgreSQL, then Kafka ...");
            stack.close();
            infrastructure.close();
            System.out.println("Stopped.");
        }, "local-run-shutdown"));

        System.out.printf("%nMi Account is ready after %.1f s:%n", (System.nanoTime() - started) / 1e9);
        stack.services().values().forEach(service -> System.out.printf("  %-22s %s%s%n", service.module(),
                service.baseUrl(), service.module().equals("web-console") ? "   (the account website)"
                        : "   (Swagger UI: " + service.baseUrl() + "/q/swagger-ui)"));
        System.out.println("  kafka                  " + infrastructure.kafkaBootstrapServers());
        System.out.println("  postgres               " + infrastructure.postgres().jdbcUrl("<service>")
                + " (user postgres)");
        System.out.println("  traces                 " + stack.tracesUrl() + "/api/traces/<traceId> (the trace id is"
                + " in the dashboard's flow view)");
        System.out.println("  logs                   " + workDir.resolve("logs"));
        System.out.println("A service that dies is started again. Press Ctrl-C to stop.");

        superviseUntil(stopping, stack);
    }

    /** The restart policy: every second, a service found dead is started again, after a pause if it died young. */
    private static void superviseUntil(CountDownLatch stopping, LocalStack stack) throws InterruptedException {
        Map<String, Integer> restarts = new HashMap<>();
        Map<String, Long> launchedAt = new HashMap<>();
        Map<String, Long> notBefore = new HashMap<>();
        stack.services().keySet().forEach(module -> launchedAt.put(module, System.nanoTime()));
        while (!stopping.await(1, TimeUnit.SECONDS)) {
            for (QuarkusService service : List.copyOf(stack.services().values())) {
                String module = service.module();
                if (service.process().isAlive()) {
                    continue;
                }
                long now = System.nanoTime();
                if (!notBefore.containsKey(module)) {
                    int count = restarts.merge(module, 1, Integer::sum);
                    boolean diedYoung = now - launchedAt.getOrDefault(module, 0L) < QUICK_DEATH_NANOS;
                    long pause = diedYoung ? Math.min(30, 1L << Math.min(count - 1, 5)) : 0;
                    notBefore.put(module, now + TimeUnit.SECONDS.toNanos(pause));
                    System.out.printf("%s %s exited with status %d; starting it again%s (restart %d; log: %s)%n",
                            LocalTime.now().truncatedTo(ChronoUnit.SECONDS), module, service.process().exitValue(),
                            pause == 0 ? "" : " in " + pause + " s", count, service.process().logFile());
                }
                if (now < notBefore.get(module) || stopping.getCount() == 0) {
                    continue;
                }
                notBefore.remove(module);
                launchedAt.put(module, now);
                try {
                    stack.launch(module);
                } catch (RuntimeException e) {
                    System.err.println(module + " could not be started again: " + e.getMessage());
                }
            }
        }
    }
}
