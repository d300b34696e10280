package dev.miaccount.system;

import static dev.miaccount.system.Flows.devices;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.utils.Utils;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.system.Flows.Account;
import dev.miaccount.system.Flows.Phone;
import dev.miaccount.testing.SystemUnderTest;
import dev.miaccount.testing.TopicReader;

/**
 * One fault drill: a fleet of bound phones, a sign-out or a deletion started on every one of them at once, the
 * fault while they are in flight, then the reckoning — every flow complete, every phone in its final state, exactly
 * one alert and one final event per flow, checked only after a later marker flow on every partition has been alerted
 * too, so that a late duplicate would be seen.
 */
final class FaultDrill {

    /** Flows started per drill (half sign-outs, half deletions). */
    static final int FLOWS = Integer.getInteger("faults.flows", 110);
    static final int ACCOUNTS = 6;
    static final int DEVICE_EVENT_PARTITIONS = 3;
    static final Duration RECOVERY_PATIENCE = Duration.ofSeconds(Integer.getInteger("faults.patience-seconds", 180));

    private static final ExecutorService POOL = Executors.newFixedThreadPool(8);
    private static final Set<String> FINAL_TYPES = Set.of(EventTypes.DEVICE_SIGNED_OUT, EventTypes.DEVICE_DELETED);

    /** One flow of the drill. */
    record Flow(Account account, Phone phone, boolean deletion, String flowId) {

        String finalState() {
            return deletion ? "DELETED" : "SIGNED_OUT";
        }
    }

    /** What the drill found; {@link #toString()} is the line the closing note asks for. */
    record Outcome(String fault, int flows, int inFlight, int completed, int doubled, double recoverySeconds,
            double outageSeconds) {

        @Override
        public String toString() {
            return String.format("%-42s flows %d, in flight at the fault %d, completed %d, doubled %d, "
                    + "all complete %.1f s after the fault (the fault and restart took %.1f s)", fault, flows,
                    inFlight, completed, doubled, recoverySeconds, outageSeconds);
        }
    }

    /** The accounts the drills' phones belong to, and a web session of each: made once, shared by the drills. */
    private static final List<Account> ACCOUNT_POOL = new ArrayList<>();
    private static final Map<Account, String> WEB = new HashMap<>();

    private final String name;
    private final List<Account> accounts = ACCOUNT_POOL;
    private final Map<Account, String> web = WEB;
    private final List<Phone> phones = new ArrayList<>();
    private final List<Phone> markers = new ArrayList<>();

    private FaultDrill(String name) {
        this.name = name;
    }

    /** Accounts, their web sessions, {@link #FLOWS} bound phones and one marker phone per device-events partition. */
    static FaultDrill prepare(String name) {
        long started = System.nanoTime();
        synchronized (ACCOUNT_POOL) {
            if (ACCOUNT_POOL.isEmpty()) {
                ACCOUNT_POOL.addAll(inParallel(ACCOUNTS, i -> Flows.register()));
                ACCOUNT_POOL.forEach(account -> WEB.put(account, Flows.signInOnWeb(account)));
            }
        }
        FaultDrill drill = new FaultDrill(name);
        String tag = name.replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        tag = tag.substring(0, Math.min(tag.length(), 12));
        String prefix = tag + "-";
        drill.phones.addAll(inParallel(FLOWS, i -> {
            Account account = drill.accounts.get(i % ACCOUNTS);
            String deviceId = prefix + UUID.randomUUID().toString().substring(0, 18);
            return new Phone(account, deviceId, Flows.signInOnPhone(account, deviceId, false));
        }));
        for (int partition = 0; partition < DEVICE_EVENT_PARTITIONS; partition++) {
            Account account = drill.accounts.get(0);
            String deviceId = markerId(prefix + "marker-", partition);
            drill.markers.add(new Phone(account, deviceId, Flows.signInOnPhone(account, deviceId, false)));
        }
        double signedIn = (System.nanoTime() - started) / 1e9;
        drill.awaitBound();
        System.out.printf("%s: %d phones signed in after %.1f s, bound after %.1f s%n", name, drill.allPhones().size(),
                signedIn, (System.nanoTime() - started) / 1e9);
        return drill;
    }

    /** A device id that Kafka's default partitioner puts on the given partition of device-events. */
    private static String markerId(String prefix, int partition) {
        while (true) {
            String id = prefix + UUID.randomUUID().toString().substring(0, 13);
            if (Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % DEVICE_EVENT_PARTITIONS
                    == partition) {
                return id;
            }
        }
    }

    private void awaitBound() {
        Map<Account, Set<String>> expected = new HashMap<>();
        for (Phone phone : allPhones()) {
            expected.computeIfAbsent(phone.account(), a -> new HashSet<>()).add(phone.deviceId());
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> expected.entrySet()
                .stream().allMatch(e -> boundOf(e.getKey()).containsAll(e.getValue())));
    }

    private Set<String> boundOf(Account account) {
        List<Map<String, Object>> list = devices(web.get(account)).get("/api/v1/devices").then().statusCode(200)
                .extract().jsonPath().getList(".");
        return list.stream().filter(d -> "BOUND".equals(d.get("state"))).map(d -> (String) d.get("deviceId"))
                .collect(Collectors.toSet());
    }

    private List<Phone> allPhones() {
        List<Phone> all = new ArrayList<>(phones);
        all.addAll(markers);
        return all;
    }

    /** Starts a sign-out (phone's own session) or a deletion (website) on every phone at once. */
    List<Flow> startFlows() {
        return inParallel(phones.size(), i -> {
            Phone phone = phones.get(i);
            boolean deletion = i % 2 == 1;
            String flowId = (deletion
                    ? devices(web.get(phone.account())).delete("/api/v1/devices/{id}", phone.deviceId())
                    : devices(phone.token()).body(Map.of("dataChoice", "KEEP"))
                            .post("/api/v1/devices/{id}/sign-out", phone.deviceId()))
                    .then().statusCode(202).extract().path("flowId");
            return new Flow(phone.account(), phone, deletion, flowId);
        });
    }

    /**
     * Runs the drill: {@code hold} (a service frozen with SIGSTOP, so that no flow can get past it while they are
     * started: all are in flight when the fault strikes), the flows started, then {@code fault} at once (it returns
     * when the system is back up, as a supervisor would bring it, the held service running again), then every flow
     * awaited and checked.
     */
    Outcome run(Runnable hold, Runnable fault) {
        hold.run();
        long started = System.nanoTime();
        List<Flow> flows = startFlows();
        System.out.printf("%s: %d flows started in %.1f s%n", name, flows.size(), (System.nanoTime() - started) / 1e9);
        Instant faultAt = Instant.now();
        long faultStarted = System.nanoTime();
        fault.run();
        double outage = (System.nanoTime() - faultStarted) / 1e9;

        Map<String, List<Instant>> alerts = await().atMost(RECOVERY_PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(this::alertsByDevice, found -> flows.stream()
                        .allMatch(flow -> found.containsKey(flow.phone().deviceId())));
        Instant lastAlert = flows.stream().map(flow -> alerts.get(flow.phone().deviceId()).get(0))
                .max(Instant::compareTo).orElseThrow();

        // A marker flow on every partition of device-events, alerted after everything before it on its partition.
        long markersStarted = System.nanoTime();
        for (Phone marker : markers) {
            devices(web.get(marker.account())).delete("/api/v1/devices/{id}", marker.deviceId()).then()
                    .statusCode(202);
        }
        Map<String, List<Instant>> settled = await().atMost(RECOVERY_PATIENCE).pollInterval(Duration.ofSeconds(1))
                .until(this::alertsByDevice, found -> markers.stream()
                        .allMatch(marker -> found.containsKey(marker.deviceId())));

        double markersTook = (System.nanoTime() - markersStarted) / 1e9;
        long checking = System.nanoTime();
        Map<String, Set<String>> finalEvents = finalEventsByFlow(flows);
        int completed = 0;
        int doubled = 0;
        List<String> problems = new ArrayList<>();
        List<String> states = inParallel(flows.size(), i -> devices(web.get(flows.get(i).account()))
                .get("/api/v1/devices/{id}", flows.get(i).phone().deviceId()).then().statusCode(200).extract()
                .<String>path("state"));
        for (int i = 0; i < flows.size(); i++) {
            Flow flow = flows.get(i);
            String state = states.get(i);
            int alertCount = settled.getOrDefault(flow.phone().deviceId(), List.of()).size();
            int finals = finalEvents.getOrDefault(flow.flowId(), Set.of()).size();
            if (flow.finalState().equals(state) && alertCount >= 1 && finals >= 1) {
                completed++;
            } else {
                problems.add(flow.phone().deviceId() + ": " + state + ", alerts " + alertCount + ", final events "
                        + finals);
            }
            if (alertCount > 1 || finals > 1) {
                doubled++;
                problems.add(flow.phone().deviceId() + " doubled: alerts " + alertCount + ", final events " + finals);
            }
        }
        int inFlight = (int) flows.stream()
                .filter(flow -> settled.get(flow.phone().deviceId()).get(0).isAfter(faultAt)).count();
        Outcome outcome = new Outcome(name, flows.size(), inFlight, completed, doubled,
                Duration.between(faultAt, lastAlert).toMillis() / 1000.0, outage);
        System.out.printf("%s: marker flows took %.1f s, the checks %.1f s%n", name, markersTook,
                (System.nanoTime() - checking) / 1e9);
        System.out.println("FAULT DRILL " + outcome);
        assertThat(problems).as(name).isEmpty();
        assertThat(outcome.completed()).isEqualTo(flows.size());
        assertThat(outcome.doubled()).isZero();
        assertThat(outcome.inFlight()).as("flows in flight at the moment of the fault").isGreaterThanOrEqualTo(
                Integer.getInteger("faults.min-in-flight", 100));
        return outcome;
    }

    /** deviceId → the creation times of its security alerts, oldest first, over every account of the drill. */
    private Map<String, List<Instant>> alertsByDevice() {
        Map<String, List<Instant>> alerts = new HashMap<>();
        Set<String> ids = allPhones().stream().map(Phone::deviceId).collect(Collectors.toSet());
        for (Account account : accounts) {
            List<Map<String, Object>> messages = given().baseUri(SystemUnderTest.notification())
                    .get("/api/v1/sandbox/messages?to={to}&limit=500", account.email()).then().statusCode(200)
                    .extract().jsonPath().getList(".");
            for (Map<String, Object> message : messages) {
                String subject = String.valueOf(message.get("subject"));
                if (!subject.startsWith("Security alert")) {
                    continue;
                }
                String body = String.valueOf(message.get("body"));
                for (String id : ids) {
                    if (body.contains("(" + id + ")")) {
                        alerts.computeIfAbsent(id, k -> new ArrayList<>())
                                .add(Instant.parse(String.valueOf(message.get("createdAt"))));
                    }
                }
            }
        }
        alerts.values().forEach(list -> list.sort(Instant::compareTo));
        return alerts;
    }

    /** flowId → the distinct ids of its device.signed-out / device.deleted events on device-events. */
    private Map<String, Set<String>> finalEventsByFlow(List<Flow> flows) {
        Set<String> wanted = flows.stream().map(Flow::flowId).collect(Collectors.toSet());
        Set<String> markerIds = markers.stream().map(Phone::deviceId).collect(Collectors.toSet());
        try (TopicReader reader = new TopicReader(SystemUnderTest.kafka(), List.of(Topics.DEVICE_EVENTS))) {
            // every marker's final event lies behind the flows' on its partition: once all are read, so are those
            List<TopicReader.Received> read = await().atMost(Duration.ofSeconds(60)).until(reader::poll,
                    records -> markerIds.stream().allMatch(id -> records.stream().anyMatch(
                            r -> id.equals(r.key()) && isFinal(r))));
            // (a poison record of another test may lie there too: no headers at all)
            return read.stream().filter(FaultDrill::isFinal)
                    .filter(r -> r.header("ce_flowid") != null && wanted.contains(r.header("ce_flowid")))
                    .collect(Collectors.groupingBy(r -> r.header("ce_flowid"),
                            Collectors.mapping(r -> r.header("ce_id"), Collectors.toSet())));
        }
    }

    private static boolean isFinal(TopicReader.Received record) {
        String type = record.header("ce_type");
        return type != null && FINAL_TYPES.contains(type);
    }

    /** {@code count} calls of {@code task} on the drill's pool; their results in order. */
    static <T> List<T> inParallel(int count, java.util.function.IntFunction<T> task) {
        List<CompletableFuture<T>> futures = IntStream.range(0, count)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> task.apply(i), POOL)).toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** Seconds that {@code action} took. */
    static double timed(Runnable action) {
        long started = System.nanoTime();
        action.run();
        return (System.nanoTime() - started) / 1e9;
    }
}
