package dev.miaccount.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.miaccount.testing.SystemUnderTest;

/**
 * The API contract in the repository ({@code docs/API.md}) and what the services publish agree: every call it names
 * ({@code POST /accounts}, ...) is an operation, with that method, in the OpenAPI document of the service that owns
 * it, as the packaged service serves it at {@code /q/openapi}. A call added to the contract fails here until its
 * service has it.
 */
class ContractPathsIT {

    private static final Path CONTRACT = Path.of("..", "docs", "API.md");
    /** A call as the contract writes it, in backticks: {@code `GET /devices/{deviceId}`}, maybe with a query. */
    private static final Pattern CALL = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s?]*)[^`]*`");
    /** Who owns a call, by its first path segment (the contract's tables are per service; v1.1's step-up is mixed). */
    private static final Map<String, String> OWNERS = Map.of("accounts", "account-service", "sessions",
            "account-service", "password-resets", "account-service", "devices", "device-service", "notifications",
            "notification-service", "sandbox", "notification-service", "events", "event-dashboard");

    @Test
    void everyCallOfTheContractIsInItsServicesOpenApi() throws IOException {
        Set<String> calls = calls(Files.readString(CONTRACT));
        assertThat(calls).as("calls read from %s", CONTRACT).contains("POST /accounts", "DELETE /devices/{deviceId}",
                "GET /notifications", "GET /events", "GET /accounts/me/activity");
        Set<String> missing = new TreeSet<>();
        Map<String, Set<String>> published = new java.util.HashMap<>();
        for (String call : calls) {
            String[] parts = call.split(" ", 2);
            String segment = parts[1].split("/")[1];
            String owner = OWNERS.get(segment);
            assertThat(owner).as("the service owning %s (a new resource? name its owner above)", call).isNotNull();
            Set<String> operations = published.computeIfAbsent(owner, ContractPathsIT::operations);
            if (!operations.contains(parts[0] + " " + shape("/api/v1" + parts[1]))) {
                missing.add(call + " (" + owner + ")");
            }
        }
        assertThat(missing).as("calls docs/API.md names that are missing from their service's /q/openapi").isEmpty();
    }

    /** Every call the contract names; the dashboard's own page ({@code GET /}) is no API call. */
    static Set<String> calls(String contract) {
        Set<String> calls = new LinkedHashSet<>();
        Matcher matcher = CALL.matcher(contract);
        while (matcher.find()) {
            if (!matcher.group(2).equals("/")) {
                calls.add(matcher.group(1) + " " + matcher.group(2));
            }
        }
        return calls;
    }

    /** {@code GET /api/v1/devices/{deviceId}} for each operation of the service's document. */
    private static Set<String> operations(String service) {
        String url = switch (service) {
            case "account-service" -> SystemUnderTest.account();
            case "device-service" -> SystemUnderTest.device();
            case "notification-service" -> SystemUnderTest.notification();
            default -> SystemUnderTest.dashboard();
        };
        Map<String, Map<String, Object>> paths = given().baseUri(url).accept("application/json")
                .queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        Set<String> operations = new TreeSet<>();
        paths.forEach((path, item) -> item.keySet().forEach(method -> operations.add(
                method.toUpperCase(Locale.ROOT) + " " + shape(path))));
        return operations;
    }

    /** Parameter names may differ between the contract and the code: {@code /devices/{}}. */
    private static String shape(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}
