package dev.miaccount.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.miaccount.testing.ContractLogs;

/**
 * The verdict of the contract check ({@code ./mvnw verify -pl system-tests -Pcontract}): the other system tests ran
 * through Prism as a validating proxy in front of each service, and not one answer broke the OpenAPI document that
 * the service serves, nor did any request reach an operation the document leaves out. Runs only in that profile,
 * after the other tests, from Prism's logs.
 */
class ContractReportIT {

    @Test
    void everyAnswerOfTheSystemTestsIsWhatTheServicesOpenApiSays() {
        var all = ContractLogs.all();
        all.forEach(logs -> {
            System.out.printf("[contract] %s: %d requests, %d response violations, %d to undocumented operations, "
                    + "%d request violations (bad requests the tests send on purpose)%n", logs.service(),
                    logs.requests(), logs.responseViolations().size(), logs.undocumentedOperations(),
                    logs.requestViolations());
            logs.distinct(logs.responseViolations()).forEach((violation, times) -> System.out
                    .printf("[contract]   %dx %s%n", times, violation));
        });
        assertThat(all).allSatisfy(logs -> {
            assertThat(logs.requests()).as("requests through Prism to %s", logs.service()).isPositive();
            assertThat(logs.responseViolations()).as("answers of %s that its OpenAPI does not describe",
                    logs.service()).isEmpty();
            assertThat(logs.undocumentedOperations()).as("requests to operations %s's OpenAPI does not name",
                    logs.service()).isZero();
        });
    }
}
