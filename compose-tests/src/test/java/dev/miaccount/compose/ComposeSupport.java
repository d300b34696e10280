package dev.miaccount.compose;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * What the compose tests share: Docker required (or a skip), fresh secrets with free ports and the image variables
 * of this JVM's environment, commands run with their output on failure, and the clean-up.
 */
final class ComposeSupport {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private ComposeSupport() {
    }

    /** Docker missing: with CI=true a failure (a green CI must have run this), elsewhere a skip with a line. */
    static void requireDocker() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return;
        }
        String why = "no Docker engine answers (docker info); docker/docker-env.sh --install sets one up as root";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true and " + why + ": the compose test does not skip on CI");
        }
        System.out.println("compose test skipped: " + why);
        Assumptions.abort("compose test skipped: " + why);
    }

    /**
     * The environment a compose file is started with: fresh secrets and token keys in {@code work}
     * ({@code docker/compose-secrets.sh}), a free port for each of {@code ports} (the test runs beside a local run
     * or another test on the default ones), the image variables {@code images} taken from this JVM's environment
     * (the stand-ins on a host that cannot pull), the images built from the packaged apps.
     */
    static Map<String, String> composeEnv(Path work, List<String> ports, List<String> images) throws Exception {
        run(List.of(REPO.resolve("docker/compose-secrets.sh").toString(), work.toString()), Map.of(), false);
        Map<String, String> env = new HashMap<>(readEnvFile(work.resolve("compose.env")));
        for (String port : ports) {
            env.put(port, Integer.toString(freePort()));
        }
        for (String image : images) {
            String value = System.getenv(image);
            if (value != null && !value.isBlank()) {
                env.put(image, value);
            }
        }
        env.put("SERVICE_BUILD_TARGET", "host-artifacts");
        return env;
    }

    static int run(List<String> command, Map<String, String> environment, boolean quiet) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().putAll(environment);
        Path log = Files.createTempFile("miaccount-compose-", ".log");
        builder.redirectErrorStream(true);
        if (quiet) {
            builder.redirectOutput(log.toFile());
        }
        Process process = builder.start();
        if (!quiet) {
            // through System.out, not inheritIO: the forked test JVM's own stdout is failsafe's channel
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                lines.lines().forEach(System.out::println);
            }
        }
        int exit = process.waitFor();
        if (quiet && exit != 0) {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.out::println);
            throw new IllegalStateException(String.join(" ", command) + " failed with exit " + exit);
        }
        Files.deleteIfExists(log);
        return exit;
    }

    /** Runs {@code command} and returns its standard output; a failure throws with its output. */
    static String output(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit " + exit + ": " + out);
        }
        return out;
    }

    static Map<String, String> readEnvFile(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
