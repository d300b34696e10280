package dev.miaccount.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A packaged Quarkus service ({@code <module>/target/quarkus-app}) running as its own watched process. */
public final class QuarkusService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final int port;
    private final WatchedProcess process;

    private QuarkusService(String module, int port, WatchedProcess process) {
        this.module = module;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the service without waiting; {@link #awaitReady(Duration)} waits. Services start in parallel that way.
     *
     * @param config Quarkus configuration properties, passed as environment variables
     */
    public static QuarkusService launch(String module, int port, Map<String, String> config, Path logDir) {
        Path jar = ProjectLayout.root().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; run ./mvnw -B package -DskipTests first");
        }
        Map<String, String> env = new HashMap<>();
        config.forEach((key, value) -> env.put(environmentName(key), value));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        String jvmOptions = System.getenv().getOrDefault("MIACCOUNT_SERVICE_JVM_OPTS", "-Xms64m -Xmx384m -XX:+UseSerialGC");
        List<String> command = new java.util.ArrayList<>();
        command.add(ProjectLayout.javaExecutable().toString());
        command.addAll(List.of(jvmOptions.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        return new QuarkusService(module, port,
                WatchedProcess.start(module, command, env, logDir.resolve(module + ".log"), "TERM"));
    }

    /** The environment-variable spelling of a configuration property, as MicroProfile Config maps it. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public QuarkusService awaitReady(Duration timeout) {
        Await.until(module + " ready on port " + port, process, timeout, this::ready);
        return this;
    }

    private boolean ready() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String module() {
        return module;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public WatchedProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
