package dev.miaccount.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;

import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.Ports;
import dev.miaccount.infra.WatchedProcess;

/**
 * The contract check: with {@code -Dcontract.prism=<prism executable>} (the {@code contract} profile of
 * system-tests sets it), the tests reach account-, device- and notification-service through Stoplight Prism as a
 * validating proxy, one per service, each holding the OpenAPI document that its service serves at
 * {@code /q/openapi}. Prism forwards every request (a JSON body re-serialized) and logs each answer that the
 * document does not describe (an undocumented status, field, type or null) and each request to an undocumented
 * operation; {@link ContractLogs} counts them afterwards from {@code target/contract/<service>.log}.
 */
public final class ContractProxies {

    public static final String PROPERTY = "contract.prism";
    /**
     * Optional: a directory of {@code <service>.json} documents to hold the answers against instead of what the
     * services serve, for example another revision's, to measure how far its documents were from the truth.
     */
    public static final String DOCUMENTS = "contract.documents";
    public static final Path LOG_DIR = Path.of("target/contract");
    static final List<String> SERVICES = List.of("account-service", "device-service", "notification-service");

    private static final Map<String, String> FRONTS = new ConcurrentHashMap<>();

    private ContractProxies() {
    }

    static boolean active() {
        String prism = System.getProperty(PROPERTY);
        return prism != null && !prism.isBlank();
    }

    /** @return Prism's address in front of {@code service} when the check is on and covers it, else {@code url} */
    static String front(String service, String url, Infrastructure infrastructure) {
        if (!active() || !SERVICES.contains(service)) {
            return url;
        }
        return FRONTS.computeIfAbsent(service, name -> start(name, url, infrastructure));
    }

    private static String start(String service, String upstream, Infrastructure infrastructure) {
        int port = Ports.free();
        Path log = LOG_DIR.resolve(service + ".log");
        try {
            Files.createDirectories(LOG_DIR);
            Files.deleteIfExists(log); // one run per log: the counts are this run's
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // --cors=false: Prism would otherwise add CORS headers of its own to every answer.
        String documents = System.getProperty(DOCUMENTS, "");
        String document = documents.isBlank() ? upstream + "/q/openapi"
                : Path.of(documents, service + ".json").toAbsolutePath().toString();
        WatchedProcess prism = WatchedProcess.start("prism-" + service, List.of(System.getProperty(PROPERTY), "proxy",
                document, upstream, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--cors=false"), Map.of("NO_COLOR", "1", "FORCE_COLOR", "0"), log, "TERM");
        infrastructure.beforeStop(prism::close);
        // Prism reads the document first and then listens; it fails fast on a document it cannot read.
        Awaitility.await("Prism in front of " + service).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    prism.requireAlive();
                    return Ports.accepts("127.0.0.1", port);
                });
        return "http://127.0.0.1:" + port;
    }
}
