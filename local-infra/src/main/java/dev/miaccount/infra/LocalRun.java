package dev.miaccount.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./run-local.sh}: Kafka, PostgreSQL and every service on the ports of API.md, until Ctrl-C or SIGTERM.
 * Data stays in {@code .local-run/} between runs; delete that directory to start empty.
 */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = System.nanoTime();
        Path workDir = ProjectLayout.root().resolve(".local-run");
        int kafkaPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_KAFKA_PORT", "9092"));
        int pgPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_POSTGRES_PORT", "5432"));

        System.out.println("Starting Kafka and PostgreSQL (data and logs in " + workDir + ") ...");
        Infrastructure infrastructure = Infrastructure.start(workDir, kafkaPort, pgPort, true);
        System.out.println("  " + infrastructure.describe());
        System.out.println("Starting the services ...");
        LocalStack stack;
        try {
            stack = LocalStack.start(infrastructure, true, workDir.resolve("logs"), Map.of());
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping ...");
            stack.close();
            infrastructure.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-run-shutdown"));

        System.out.printf("%nMi Account is ready after %.1f s:%n", (System.nanoTime() - started) / 1e9);
        stack.services().values().forEach(service -> System.out.printf("  %-22s %s   (Swagger UI: %s/q/swagger-ui)%n",
                service.module(), service.baseUrl(), service.baseUrl()));
        System.out.println("  kafka                  " + infrastructure.kafkaBootstrapServers());
        System.out.println("  postgres               " + infrastructure.postgres().jdbcUrl("<service>")
                + " (user postgres)");
        System.out.println("  logs                   " + workDir.resolve("logs"));
        System.out.println("Press Ctrl-C to stop.");

        while (stack.services().values().stream().allMatch(s -> s.process().isAlive())) {
            if (stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
                return;
            }
        }
        stack.services().values().stream().filter(s -> !s.process().isAlive()).forEach(s -> System.err.println(
                s.module() + " exited; last log lines:\n" + s.process().logTail(30)));
        System.exit(1);
    }

}
