package dev.miaccount.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.system.Flows.Account;
import dev.miaccount.system.Flows.Phone;
import dev.miaccount.testing.SystemUnderTest;
import io.restassured.path.json.JsonPath;

/**
 * One device deletion from the website is one trace: the trace context of the request that started it goes through
 * each service's outbox row, the Kafka record's traceparent header and each consumer's step, to the alert. Read
 * from what the services exported over OTLP to the trace receiver (Jaeger's API), not from logs.
 */
class FlowTraceIT {

    record TracedSpan(String id, String parent, String name, String service, long start) {
    }

    @Test
    void aDeviceDeletionIsOneTraceThroughAllThreeServicesInOrder() {
        Account account = Flows.register();
        Phone phone = Flows.signInOnPhone(account, true);
        String web = Flows.signInOnWeb(account);
        Flows.awaitState(web, phone.deviceId(), "BOUND");

        // The caller's own span: the flow's trace continues it, as it would a gateway's or a browser's.
        String traceId = hex(16);
        String callerSpan = hex(8);
        String stepUp = Flows.stepUp(web);
        String flowId = Flows.devices(web).header("X-Step-Up-Token", stepUp).header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(202).extract().path("flowId");

        String last = "apply " + EventTypes.DEVICE_DELETED;
        // Each service exports its spans in batches of its own: wait until the path from notification-service's
        // step back to the caller's span is complete (every parent received).
        List<TracedSpan> path = new ArrayList<>();
        List<TracedSpan> spans = await().atMost(Flows.PATIENCE).until(() -> trace(traceId),
                found -> pathToCaller(found, last, callerSpan, path));

        List<String> services = new ArrayList<>();
        path.forEach(span -> {
            if (services.isEmpty() || !services.get(services.size() - 1).equals(span.service())) {
                services.add(span.service());
            }
        });
        // where a flow's time goes, hop by hop (ms from the request's start): the outbox relay's delay shows between
        // an apply/request span and its publish, Kafka's between publish and receive
        long t0 = path.get(0).start();
        System.out.printf("TRACE %s: %d spans; the alert's path: %s%n", traceId, spans.size(),
                path.stream().map(s -> String.format("%s:%s +%.1f ms", s.service(), s.name(),
                        (s.start() - t0) / 1000.0)).toList());
        assertThat(services).containsExactly("device-service", "account-service", "device-service",
                "notification-service");
        assertThat(path.get(0).parent()).isEqualTo(callerSpan);
        assertThat(path).extracting(TracedSpan::name).contains("apply " + EventTypes.DEVICE_DELETION_REQUESTED,
                "apply " + EventTypes.DEVICE_SESSIONS_REVOKED, last);
        assertThat(path).extracting(TracedSpan::start).isSorted();

        // the dashboard shows the flow's trace id on each of its events
        await().atMost(Flows.PATIENCE).untilAsserted(() -> assertThat(given().baseUri(SystemUnderTest.dashboard())
                .queryParam("flowId", flowId).get("/api/v1/events").then().statusCode(200).extract()
                .jsonPath().getList("traceId", String.class)).hasSizeGreaterThanOrEqualTo(4).containsOnly(traceId));
    }

    /**
     * Whether {@code spans} hold the whole path from the span named {@code last} up to a span whose parent is
     * {@code caller}; fills {@code path} (root first) when so.
     */
    static boolean pathToCaller(List<TracedSpan> spans, String last, String caller, List<TracedSpan> path) {
        Map<String, TracedSpan> byId = new HashMap<>();
        spans.forEach(span -> byId.put(span.id(), span));
        List<TracedSpan> found = new ArrayList<>();
        TracedSpan step = spans.stream().filter(s -> s.service().equals("notification-service")
                && s.name().equals(last)).findFirst().orElse(null);
        for (; step != null; step = byId.get(step.parent())) {
            found.add(0, step);
            if (!byId.containsKey(step.parent())) {
                if (!step.parent().equals(caller)) {
                    return false;
                }
                path.clear();
                path.addAll(found);
                return true;
            }
        }
        return false;
    }

    /** The trace as the receiver has it so far (empty until its first spans arrive). */
    static List<TracedSpan> trace(String traceId) {
        var response = given().baseUri(SystemUnderTest.traces()).get("/api/traces/{id}", traceId);
        if (response.statusCode() == 404) {
            return List.of();
        }
        JsonPath json = response.then().statusCode(200).extract().jsonPath();
        Map<String, String> services = new HashMap<>();
        Map<String, Map<String, Object>> processes = json.getMap("data[0].processes");
        processes.forEach((id, process) -> services.put(id, (String) process.get("serviceName")));
        List<TracedSpan> spans = new ArrayList<>();
        List<Map<String, Object>> raw = json.getList("data[0].spans");
        for (Map<String, Object> span : raw) {
            List<Map<String, Object>> references = (List<Map<String, Object>>) span.get("references");
            spans.add(new TracedSpan((String) span.get("spanID"),
                    references.isEmpty() ? "" : (String) references.get(0).get("spanID"),
                    (String) span.get("operationName"), services.get((String) span.get("processID")),
                    ((Number) span.get("startTime")).longValue()));
        }
        return spans;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zero: an invalid id
        return HexFormat.of().formatHex(random);
    }
}
