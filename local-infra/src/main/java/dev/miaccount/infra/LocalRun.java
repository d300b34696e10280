package dev.miaccount.infra;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
            stack = LocalStack.start(infrastructure, true, workDir, Map.of());
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }

        CountDownLatch stopping = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.countDown();
            System.out.println("\nStopping ...");
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
        System.out.println("  logs                   " + workDir.resolve("logs"));
        System.out.println("Press Ctrl-C to stop.");

        // Ctrl-C and SIGTERM run the shutdown hook; a service that dies on its own ends the run.
        while (!stopping.await(1, TimeUnit.SECONDS)) {
            for (QuarkusService service : stack.services().values()) {
                if (!service.process().isAlive()) {
                    System.err.println(service.module() + " exited on its own; last log lines:\n"
                            + service.process().logTail(30));
                    System.exit(1);
                }
            }
        }
    }

}
