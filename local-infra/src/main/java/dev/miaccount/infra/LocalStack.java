package dev.miaccount.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.miaccount.traces.TraceReceiver;

/**
 * The whole system on one machine: the infrastructure and every service as its own process. The local run and
 * the system tests both start it through here, so they cannot drift apart.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * A service module, the database it owns (null: none), and the port of API.md it listens on in the local run.
     */
    public record Service(String module, String database, int defaultPort) {
    }

    public static final List<Service> SERVICES = List.of(
            new Service("account-service", "account", 8081),
            new Service("device-service", "device", 8082),
            new Service("notification-service", "notification", 8083),
            new Service("event-dashboard", null, 8080),
            new Service("web-console", null, 8084));

    /**
     * This machine's run only: every service listens on loopback, and notification-service keeps its sandbox inbox
     * (codes readable at /api/v1/sandbox/messages?to=...), which no other deployment has.
     */
    private static final Map<String, String> LOCAL_ONLY = Map.of(
            "quarkus.http.host", "127.0.0.1",
            "miaccount.sandbox.enabled", "true");

    /** notification-service's internal port in the local run (API.md's ports are the public ones). */
    public static final int INTERNAL_PORT = 9083;
    /** account-service's internal port in the local run (the data keys notification-service asks for). */
    public static final int ACCOUNT_INTERNAL_PORT = 9081;
    /** The trace receiver's ports in the local run: OTLP/HTTP and the trace API, Jaeger's. */
    public static final int TRACES_OTLP_PORT = 4318;
    public static final int TRACES_QUERY_PORT = 16686;

    private final Infrastructure infrastructure;
    private final Map<String, QuarkusService> services;
    private final Map<String, Map<String, String>> configs;
    private final Map<String, Integer> ports;
    private final Path logDir;
    private final TraceReceiver traces;

    private LocalStack(Infrastructure infrastructure, Map<String, QuarkusService> services,
            Map<String, Map<String, String>> configs, Map<String, Integer> ports, Path logDir, TraceReceiver traces) {
        this.infrastructure = infrastructure;
        this.traces = traces;
        this.services = services;
        this.configs = configs;
        this.ports = ports;
        this.logDir = logDir;
    }

    /**
     * @param fixedPorts the ports of API.md (local run) or free ones (tests, beside a running local stack)
     * @param workDir    where the services' logs ({@code logs/}) and the token keys ({@code keys/}) go
     * @param extraConfig configuration given to every service on top of its infrastructure settings
     */
    public static LocalStack start(Infrastructure infrastructure, boolean fixedPorts, Path workDir,
            Map<String, String> extraConfig) {
        return start(infrastructure, fixedPorts, workDir, extraConfig, line -> { });
    }

    /** As above, telling {@code progress} as each service is launched and ready (the local run prints it). */
    public static LocalStack start(Infrastructure infrastructure, boolean fixedPorts, Path workDir,
            Map<String, String> extraConfig, Consumer<String> progress) {
        Path logDir = workDir.resolve("logs");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Service service : SERVICES) {
            ports.put(service.module(), fixedPorts ? service.defaultPort() : Ports.free());
        }
        // notification-service's internal API (the code check) listens on a port of its own, never published.
        int internalPort = fixedPorts ? INTERNAL_PORT : Ports.free();
        // and account-service's (the accounts' data keys), likewise
        int accountInternalPort = fixedPorts ? ACCOUNT_INTERNAL_PORT : Ports.free();
        Map<String, Map<String, String>> configs = configs(infrastructure, ports, internalPort, accountInternalPort,
                workDir, extraConfig);
        TraceReceiver traces = startTraceReceiver(fixedPorts);
        configs.forEach((module, config) -> {
            if (config.containsKey("quarkus.datasource.username")) { // the three services with the tracing backbone
                config.putAll(tracingConfig(traces));
                config.putAll(extraConfig); // may still turn it off
            }
        });

        Map<String, QuarkusService> started = new LinkedHashMap<>(); // a restart replaces a value, never a key
        long t0 = System.nanoTime();
        try {
            for (Service service : SERVICES) {
                started.put(service.module(), QuarkusService.launch(service.module(), ports.get(service.module()),
                        configs.get(service.module()), logDir));
            }
            progress.accept("launched " + String.join(", ", started.keySet()) + "; waiting until each is ready");
            for (QuarkusService service : started.values()) {
                service.awaitReady(Duration.ofSeconds(120));
                progress.accept(String.format("%-22s ready after %.1f s", service.module(),
                        (System.nanoTime() - t0) / 1e9));
            }
        } catch (RuntimeException e) {
            new ArrayList<>(started.values()).forEach(QuarkusService::close);
            traces.close();
            throw e;
        }
        return new LocalStack(infrastructure, started, configs, ports, logDir, traces);
    }

    /**
     * What each service is given: its database and the broker, the others' addresses, the token keys (made in
     * {@code workDir/keys} on first use), the local-only switches, then {@code extraConfig}. The local run starts
     * the services with it; {@code --infra-only} writes it out for {@code quarkus:dev}.
     */
    public static Map<String, Map<String, String>> configs(Infrastructure infrastructure, Map<String, Integer> ports,
            int internalPort, int accountInternalPort, Path workDir, Map<String, String> extraConfig) {
        Map<String, String> keys = SigningKeys.quarkusConfig(workDir.resolve("keys"));
        Map<String, String> urls = new HashMap<>();
        ports.forEach((module, port) -> urls.put("miaccount.urls." + module, "http://127.0.0.1:" + port));
        urls.put("miaccount.urls.notification-internal", "http://127.0.0.1:" + internalPort);
        urls.put("miaccount.urls.account-internal", "http://127.0.0.1:" + accountInternalPort);
        // The console calls the services from the browser: they let its origin in (CORS), on whichever port it got.
        int console = ports.get("web-console");
        urls.put("miaccount.console.origins", "http://127.0.0.1:" + console + ",http://localhost:" + console);
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (Service service : SERVICES) {
            Map<String, String> config = new HashMap<>(service.database() == null
                    ? Map.of("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers())
                    : infrastructure.quarkusConfig(service.database()));
            config.putAll(urls);
            config.putAll(keys);
            config.putAll(LOCAL_ONLY);
            if (service.module().equals("notification-service")) {
                config.put("miaccount.internal.port", Integer.toString(internalPort));
            }
            if (service.module().equals("account-service")) {
                config.put("miaccount.internal.port", Integer.toString(accountInternalPort));
            }
            config.putAll(extraConfig);
            configs.put(service.module(), config);
        }
        return configs;
    }

    private static TraceReceiver startTraceReceiver(boolean fixedPorts) {
        try {
            return TraceReceiver.start("127.0.0.1", fixedPorts ? TRACES_OTLP_PORT : 0,
                    fixedPorts ? TRACES_QUERY_PORT : 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the trace receiver", e);
        }
    }

    /** Traces on, exported to this machine's receiver; sent every 500 ms so that a flow's trace is there at once. */
    private static Map<String, String> tracingConfig(TraceReceiver traces) {
        return Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", "http://127.0.0.1:" + traces.otlpPort(),
                "quarkus.otel.bsp.schedule.delay", "500ms");
    }

    /** The trace API (Jaeger's shape): {@code GET <this>/api/traces/{traceId}}. */
    public String tracesUrl() {
        return "http://127.0.0.1:" + traces.queryPort();
    }

    /** Stops one service, as an outage would; {@link #start(String)} brings it back on the same port. */
    public void stop(String module) {
        service(module).close();
    }

    /** {@code kill -9} of one service's JVM: no shutdown hook, no goodbye to Kafka or PostgreSQL. */
    public void kill(String module) {
        service(module).process().kill();
    }

    /** Starts a service that was stopped or died, on its port and configuration, and waits until it is ready. */
    public void start(String module) {
        launch(module).awaitReady(Duration.ofSeconds(120));
    }

    /** Starts a service that was stopped or died, on its port and configuration, without waiting. */
    public synchronized QuarkusService launch(String module) {
        QuarkusService old = services.get(module);
        if (old != null) {
            old.close(); // what is left of it: its watchdog's pipe
        }
        QuarkusService service = QuarkusService.launch(module, ports.get(module), configs.get(module), logDir);
        services.put(module, service);
        return service;
    }

    public Infrastructure infrastructure() {
        return infrastructure;
    }

    public QuarkusService service(String module) {
        QuarkusService service = services.get(module);
        if (service == null) {
            throw new IllegalArgumentException("no service " + module);
        }
        return service;
    }

    public String url(String module) {
        return service(module).baseUrl();
    }

    /** A setting the stack gave a service (its ports and addresses, for example), or null. */
    public String config(String module, String key) {
        Map<String, String> config = configs.get(module);
        return config == null ? null : config.get(key);
    }

    public Map<String, QuarkusService> services() {
        return services;
    }

    /** Stops the services; the infrastructure belongs to whoever started it. */
    @Override
    public void close() {
        services.values().parallelStream().forEach(QuarkusService::close);
        traces.close();
    }
}
