package dev.miaccount.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the contract check's Prism proxies ({@link ContractProxies}) saw, counted from their logs: the requests, the
 * answers that broke the service's own OpenAPI document, the requests to operations it does not name, and the
 * requests that broke it (the tests send bad requests on purpose, so those are only reported).
 */
public record ContractLogs(String service, int requests, List<String> responseViolations,
        int undocumentedOperations, int requestViolations) {

    public static ContractLogs of(String service) {
        Path log = ContractProxies.LOG_DIR.resolve(service + ".log");
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("no log of the contract check for " + service + " at " + log, e);
        }
        return new ContractLogs(service,
                (int) lines.stream().filter(line -> line.contains("Request received")).count(),
                lines.stream().filter(line -> line.contains("Violation: response")).toList(),
                // Prism finds no operation for Quarkus's own /q/* (health, openapi): not the API, so not counted
                (int) (lines.stream().filter(line -> line.contains("Selected route not found")).count()
                        - lines.stream().filter(line -> line.matches(".*\\[HTTP SERVER] [a-z]+ /q/.*Request received.*"))
                                .count()),
                (int) lines.stream().filter(line -> line.contains("Violation: request"))
                        .filter(line -> !line.contains("Selected route not found")).count());
    }

    public static List<ContractLogs> all() {
        return ContractProxies.SERVICES.stream().map(ContractLogs::of).toList();
    }

    /** Each distinct violation once, with how often it was seen: the messages name the path and the field. */
    public Map<String, Integer> distinct(List<String> lines) {
        Map<String, Integer> counts = new TreeMap<>();
        lines.forEach(line -> counts.merge(line.substring(Math.max(0, line.indexOf("Violation"))).strip(), 1,
                Integer::sum));
        return counts;
    }
}
