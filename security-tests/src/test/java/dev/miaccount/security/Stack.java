package dev.miaccount.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.miaccount.testing.SystemUnderTest;

/**
 * The packaged services, once for the whole suite (see {@link SystemUnderTest}). Before they start, the logs of an
 * earlier run are removed, so that {@link NoSecretsLeakIT} reads only what this run wrote.
 *
 * <p>To try the suite against services that already run (while fixing one, say), name them instead:
 * {@code -Dsecurity.urls=account=http://127.0.0.1:8081,device=...,notification=...,dashboard=...,kafka=host:port}
 * and {@code -Dsecurity.workdir=} the directory that holds their {@code logs/} and {@code keys/} (for
 * {@code ./run-local.sh}: {@code .local-run}).
 */
final class Stack {

    private static final java.util.Map<String, String> EXTERNAL = external();
    static final Path WORK_DIR = Path.of(System.getProperty("security.workdir", "target/system-under-test"));
    static final Path LOGS = WORK_DIR.resolve("logs");
    static final Path KEYS = WORK_DIR.resolve("keys");

    private static boolean started;

    private static java.util.Map<String, String> external() {
        String urls = System.getProperty("security.urls", "").trim();
        java.util.Map<String, String> map = new java.util.HashMap<>();
        if (!urls.isEmpty()) {
            for (String pair : urls.split(",")) {
                String[] kv = pair.trim().split("=", 2);
                map.put(kv[0], kv[1]);
            }
        }
        return map;
    }

    private Stack() {
    }

    static synchronized void start() {
        if (!started && !EXTERNAL.isEmpty()) {
            System.out.println("[security-tests] against the running services " + EXTERNAL);
            started = true;
        }
        if (!started) {
            deleteTree(LOGS);
            long begin = System.nanoTime();
            SystemUnderTest.stack();
            System.out.printf("[security-tests] services ready after %.1f s%n", (System.nanoTime() - begin) / 1e9);
            started = true;
        }
    }

    static String account() {
        start();
        return EXTERNAL.isEmpty() ? SystemUnderTest.account() : EXTERNAL.get("account");
    }

    static String device() {
        start();
        return EXTERNAL.isEmpty() ? SystemUnderTest.device() : EXTERNAL.get("device");
    }

    static String notification() {
        start();
        return EXTERNAL.isEmpty() ? SystemUnderTest.notification() : EXTERNAL.get("notification");
    }

    /** notification-service's internal port, which the deployments never publish. */
    static String notificationInternal() {
        start();
        return EXTERNAL.isEmpty() ? SystemUnderTest.notificationInternal() : EXTERNAL.get("notification-internal");
    }

    static String dashboard() {
        start();
        return EXTERNAL.isEmpty() ? SystemUnderTest.dashboard() : EXTERNAL.get("dashboard");
    }

    static String kafka() {
        start();
        return EXTERNAL.isEmpty() ? SystemUnderTest.kafka() : EXTERNAL.get("kafka");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
