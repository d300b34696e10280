package dev.miaccount.compose;

import static dev.miaccount.compose.ComposeSupport.REPO;
import static dev.miaccount.compose.ComposeSupport.loadAverage;
import static dev.miaccount.compose.ComposeSupport.output;
import static dev.miaccount.compose.ComposeSupport.run;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.DockerComposeContainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docker-compose.cluster.yml for real (Testcontainers' compose support, Debian's docker-compose 1.29 as
 * {@link ComposeDeploymentIT}): three brokers, two replicas of each service behind HAProxy, Prometheus. Up and
 * healthy (the seconds printed); then 200 deletion flows through the balancers while one broker and one replica of
 * each service are killed with SIGKILL: every flow ends DELETED, and each sent exactly one security alert, counted
 * after a later marker flow so that a late duplicate would be seen; the flows/s printed. Then the killed containers
 * are started again, every replica's /q/metrics has the named series and Prometheus scrapes all six; last, the
 * per-client limits count the client's address, not the balancer's. {@code down -v} at the end.
 *
 * <p>Images and skip/fail without Docker: as {@link ComposeDeploymentIT}, plus {@code HAPROXY_IMAGE} and
 * {@code PROMETHEUS_IMAGE}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterDeploymentIT {

    static final Path FILE = REPO.resolve("docker-compose.cluster.yml");
    static final List<String> APPS = List.of("account-service", "device-service", "notification-service",
            "event-dashboard", "web-console");
    static final List<String> REPLICAS = List.of("account-service-1", "account-service-2", "device-service-1",
            "device-service-2", "notification-service-1", "notification-service-2");
    /** Every long-running service (kafka-init is one-shot: the replicas wait for it to succeed). */
    static final List<String> SERVICES = List.of("kafka-1", "kafka-2", "kafka-3", "postgres", "mailpit", "sms-sink",
            "account-service-1", "account-service-2", "device-service-1", "device-service-2", "notification-service-1",
            "notification-service-2", "account-service", "device-service", "notification-service", "event-dashboard",
            "web-console", "prometheus");
    /** Killed part-way through the flows: one broker, one replica of each service. */
    static final List<String> KILLED = List.of("kafka-2", "account-service-1", "device-service-1",
            "notification-service-2");
    static final List<String> PORTS = List.of("DASHBOARD_PORT", "ACCOUNT_SERVICE_PORT", "DEVICE_SERVICE_PORT",
            "NOTIFICATION_SERVICE_PORT", "WEB_CONSOLE_PORT", "MAILPIT_UI_PORT", "SMS_SINK_PORT", "PROMETHEUS_PORT",
            "TRACE_VIEWER_PORT");
    static final List<String> IMAGES = List.of("KAFKA_IMAGE", "POSTGRES_IMAGE", "MAILPIT_IMAGE", "SERVICE_RUN_IMAGE",
            "SERVICE_BUILD_IMAGE", "SMS_SINK_BASE_IMAGE", "HAPROXY_IMAGE", "PROMETHEUS_IMAGE", "TRACE_VIEWER_IMAGE");

    static final int ACCOUNTS = 10;
    static final int PHONES_PER_ACCOUNT = 20;
    static final int FLOWS = ACCOUNTS * PHONES_PER_ACCOUNT;
    /** The kills come once this many flows have completed. */
    static final int KILL_AFTER = FLOWS / 4;
    static final int WORKERS = 8;
    static final String PASSWORD = "correct horse battery cluster";

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path work;
    static final Map<String, String> env = new HashMap<>();
    static DockerComposeContainer<?> compose;
    static String accountUrl;
    static String deviceUrl;
    static String notificationUrl;

    record Account(int index, String phone, String accountId, String webToken) {
    }

    record Phone(Account account, String deviceId) {
    }

    @BeforeAll
    static void upAndHealthy() throws Exception {
        ComposeSupport.requireDocker();
        for (String app : APPS) {
            assertTrue(Files.exists(REPO.resolve(app + "/target/quarkus-app/quarkus-run.jar")),
                    app + "/target/quarkus-app is missing: run ./mvnw package -DskipTests first");
        }
        work = Files.createTempDirectory("miaccount-cluster-test-");
        env.putAll(ComposeSupport.composeEnv(work, PORTS, IMAGES));
        // images of their own: the single compose test (or another checkout's) builds mi-account/*:latest
        for (String app : APPS) {
            env.put(app.toUpperCase().replace('-', '_') + "_IMAGE", "mi-account-cluster-test/" + app + ":latest");
        }
        env.put("SMS_SINK_IMAGE", "mi-account-cluster-test/sms-sink:latest");
        accountUrl = "http://127.0.0.1:" + env.get("ACCOUNT_SERVICE_PORT") + "/api/v1";
        deviceUrl = "http://127.0.0.1:" + env.get("DEVICE_SERVICE_PORT") + "/api/v1";
        notificationUrl = "http://127.0.0.1:" + env.get("NOTIFICATION_SERVICE_PORT") + "/api/v1";

        long t = System.nanoTime();
        run(List.of("docker-compose", "-f", FILE.toString(), "build"), env, true);
        System.out.printf("[cluster-test] images built in %.0f s%n", (System.nanoTime() - t) / 1e9);

        compose = new DockerComposeContainer<>("miaccount-cluster-test", FILE.toFile())
                .withEnv(env)
                .withPull(false)
                .withRemoveVolumes(true)
                .withStartupTimeout(Duration.ofMinutes(10));
        long up = System.nanoTime();
        compose.start(); // up -d: returns once kafka-init has succeeded and every container is created
        // Health of all 18 from one `docker ps` a second: Testcontainers' per-container wait polls much more often,
        // which a small host starting seven JVMs feels.
        String project = compose.getContainerByServiceName("kafka-1_1").orElseThrow().getContainerInfo().getConfig()
                .getLabels().get("com.docker.compose.project");
        AtomicReference<String> notHealthy = new AtomicReference<>();
        try {
            await("every container healthy").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        Set<String> healthy = new TreeSet<>();
                        for (String line : output(List.of("docker", "ps", "--filter", "label=com.docker.compose.project="
                                + project, "--format", "{{.Label \"com.docker.compose.service\"}} {{.Status}}"))
                                .split("\n")) {
                            if (line.endsWith("(healthy)")) {
                                healthy.add(line.substring(0, line.indexOf(' ')));
                            }
                        }
                        Set<String> missing = new TreeSet<>(SERVICES);
                        missing.removeAll(healthy);
                        notHealthy.set(missing.toString());
                        return missing.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not healthy within 10 minutes of `up`: " + notHealthy.get(), e);
        }
        System.out.printf("[cluster-test] all %d containers healthy %.1f s after `up` (load average %s)%n",
                SERVICES.size(), (System.nanoTime() - up) / 1e9, loadAverage());
    }

    @AfterAll
    static void down() throws IOException {
        if (compose != null) {
            compose.stop(); // down -v
        }
        ComposeSupport.deleteTree(work);
    }

    /**
     * One deletion flow through the balancers is one trace in the trace viewer (Jaeger's API; the stand-in is the
     * project's trace-receiver): spans of the three services, linked parent to child from the request to the alert,
     * in the order the flow went — whichever replicas served each step.
     */
    @Test
    @Order(0)
    void oneDeletionFlowIsOneTraceAcrossTheThreeServices() throws Exception {
        long n = ThreadLocalRandom.current().nextLong(10_000_000L, 89_000_000L);
        Account account = register(99, "+86137" + n);
        Phone phone = new Phone(account, "cl-trace-" + Long.toString(n, 36));
        bind(phone);
        await("the phone BOUND").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> boundPhones(account) == 1);
        String traceId = String.format("%016x%016x", ThreadLocalRandom.current().nextLong() | 1,
                ThreadLocalRandom.current().nextLong());
        String caller = String.format("%016x", ThreadLocalRandom.current().nextLong() | 1);
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(deviceUrl + "/devices/"
                + phone.deviceId())).DELETE().header("Authorization", "Bearer " + account.webToken())
                .header("traceparent", "00-" + traceId + "-" + caller + "-01").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, deleted.statusCode(), deleted.body());

        String viewer = "http://127.0.0.1:" + env.get("TRACE_VIEWER_PORT") + "/api/traces/" + traceId;
        String last = "apply device.deleted.v1";
        // Each replica exports its spans in batches of its own: wait until the path from notification-service's
        // step back to the caller's span is complete (every parent received).
        AtomicReference<List<String[]>> found = new AtomicReference<>();
        AtomicReference<Integer> spanCount = new AtomicReference<>();
        await("the flow's trace from the request to notification-service's step").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    Map<String, String[]> spans = spansOf(get(viewer, null).path("data").path(0));
                    spanCount.set(spans.size());
                    String[] step = spans.values().stream().filter(span -> span[1].equals(last)
                            && span[2].equals("notification-service")).findFirst().orElse(null);
                    List<String[]> path = new ArrayList<>();
                    for (; step != null; step = spans.get(step[0])) {
                        path.add(0, step);
                        if (!spans.containsKey(step[0])) {
                            found.set(path);
                            return step[0].equals(caller); // the root reached: the caller's span is its parent
                        }
                    }
                    return false;
                });
        List<String> services = new ArrayList<>();
        for (String[] span : found.get()) {
            if (services.isEmpty() || !services.get(services.size() - 1).equals(span[2])) {
                services.add(span[2]);
            }
        }
        List<String> path = found.get().stream().map(span -> span[2] + ":" + span[1]).toList();
        System.out.printf("[cluster-test] trace %s: %d spans; the alert's path: %s%n", traceId, spanCount.get(),
                path);
        assertEquals(List.of("device-service", "account-service", "device-service", "notification-service"), services,
                "the services on the path from the request to the alert");
    }

    /** Jaeger's trace JSON as spanId -> {parent spanId ("" for none), operation, service}. */
    static Map<String, String[]> spansOf(JsonNode trace) {
        Map<String, String[]> spans = new HashMap<>();
        for (JsonNode span : trace.path("spans")) {
            JsonNode parent = span.path("references").path(0);
            spans.put(span.path("spanID").asText(), new String[] {parent.path("spanID").asText(""),
                    span.path("operationName").asText(),
                    trace.path("processes").path(span.path("processID").asText()).path("serviceName").asText()});
        }
        return spans;
    }

    @Test
    @Order(1)
    void deletionFlowsSurviveABrokerAndAReplicaOfEachServiceKilled() throws Exception {
        // --- untimed: accounts (phone only, so their alerts go by SMS to the sink), phones bound without Find
        // device (so deleting one needs no step-up: the flow, not the password, is what is measured)
        long setup = System.nanoTime();
        long base = ThreadLocalRandom.current().nextLong(10_000_000L, 89_000_000L);
        String run = Long.toString(base, 36);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Account>> registering = IntStream.range(0, ACCOUNTS)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> register(i, "+86139" + (base + i)), pool)).toList();
        List<Account> accounts = registering.stream().map(CompletableFuture::join).toList();
        List<Phone> phones = new ArrayList<>();
        for (Account account : accounts) {
            for (int p = 0; p < PHONES_PER_ACCOUNT; p++) {
                phones.add(new Phone(account, "cl-" + run + "-a" + account.index() + "-p" + p));
            }
        }
        Phone marker = new Phone(accounts.get(0), "cl-" + run + "-marker");
        List<Phone> everyPhone = new ArrayList<>(phones);
        everyPhone.add(marker);
        CompletableFuture.allOf(everyPhone.stream()
                .map(phone -> CompletableFuture.runAsync(() -> bind(phone), pool))
                .toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        for (Account account : accounts) {
            long expected = everyPhone.stream().filter(phone -> phone.account() == account).count();
            await("phones of account " + account.index() + " BOUND").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> boundPhones(account) == expected);
        }
        System.out.printf("[cluster-test] %d accounts, %d phones bound in %.1f s%n", ACCOUNTS, everyPhone.size(),
                (System.nanoTime() - setup) / 1e9);

        // --- timed: the deletion flows, WORKERS at a time, each from DELETE to the phone reading DELETED
        ConcurrentLinkedQueue<Phone> queue = new ConcurrentLinkedQueue<>(phones);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger completedAfterKill = new AtomicInteger();
        AtomicReference<Long> killedAt = new AtomicReference<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        CompletableFuture<Void> kills = CompletableFuture.runAsync(() -> {
            await("the first " + KILL_AFTER + " flows").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(50)).until(() -> completed.get() >= KILL_AFTER || !failures.isEmpty());
            for (String service : KILLED) {
                try {
                    output(List.of("docker", "kill", "-s", "KILL", containerId(service)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            killedAt.set(System.nanoTime());
            System.out.printf("[cluster-test] killed %s (SIGKILL) after %d flows, %.1f s in%n", KILLED,
                    completed.get(), (killedAt.get() - start) / 1e9);
        });
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        for (int w = 0; w < WORKERS; w++) {
            workers.submit(() -> {
                for (Phone phone = queue.poll(); phone != null && failures.isEmpty(); phone = queue.poll()) {
                    try {
                        deleteAndAwaitDeleted(phone);
                        completed.incrementAndGet();
                        if (killedAt.get() != null) {
                            completedAfterKill.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(new AssertionError("flow of " + phone.deviceId() + ": " + e, e));
                    }
                }
            });
        }
        workers.shutdown();
        assertTrue(workers.awaitTermination(10, TimeUnit.MINUTES), "the flows did not end");
        long end = System.nanoTime();
        kills.join();
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " flow(s) failed; the first: " + failures.get(0).getMessage(),
                    failures.get(0));
        }
        assertEquals(FLOWS, completed.get(), "flows ended DELETED");
        double afterKill = (end - killedAt.get()) / 1e9;
        System.out.printf("[cluster-test] %d deletion flows DELETED in %.1f s: %.1f flows/s overall, %.1f flows/s"
                + " sustained from the kills to the end (%d flows in %.1f s)%n", FLOWS, (end - start) / 1e9,
                FLOWS / ((end - start) / 1e9), completedAfterKill.get() / afterKill, completedAfterKill.get(),
                afterKill);

        // --- one alert per flow: every one arrived, then a later flow's alert (the marker), then exactly one each
        await("an alert for each of the " + FLOWS + " flows").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> alertsByPhone(accounts).keySet().containsAll(deviceIds(phones)));
        deleteAndAwaitDeleted(marker);
        await("the marker flow's alert").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> alertsByPhone(accounts).containsKey(marker.deviceId()));
        Map<String, Integer> alerts = alertsByPhone(accounts);
        Map<String, Integer> notOne = new TreeMap<>();
        for (Phone phone : everyPhone) {
            int count = alerts.getOrDefault(phone.deviceId(), 0);
            if (count != 1) {
                notOne.put(phone.deviceId(), count);
            }
        }
        assertTrue(notOne.isEmpty(), "phones without exactly one DEVICE_DELETED SMS: " + notOne);
        // notification-service's own record: one DEVICE_DELETED delivery per flow, per account
        for (Account account : accounts) {
            long expected = everyPhone.stream().filter(phone -> phone.account() == account).count();
            assertEquals(expected, deviceDeletedNotifications(account),
                    "DEVICE_DELETED deliveries of account " + account.index());
        }
        System.out.printf("[cluster-test] exactly one security alert per flow: %d SMS for %d flows + 1 marker,"
                + " and %d DEVICE_DELETED deliveries in notification-service%n",
                alerts.values().stream().mapToInt(Integer::intValue).sum(), FLOWS, FLOWS + 1);
    }

    @Test
    @Order(2)
    void everyReplicaIsScrapedAndShowsTheNamedSeries() throws Exception {
        // the killed ones back first (docker kill leaves them stopped)
        long t = System.nanoTime();
        for (String service : KILLED) {
            String id = containerId(service);
            if (!output(List.of("docker", "inspect", "-f", "{{.State.Running}}", id)).trim().equals("true")) {
                output(List.of("docker", "start", id));
            }
        }
        for (String service : KILLED) {
            String id = containerId(service);
            await(service + " healthy again").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> output(List.of("docker", "inspect", "-f", "{{.State.Health.Status}}", id)).trim()
                            .equals("healthy"));
        }
        System.out.printf("[cluster-test] %s started again, healthy in %.1f s%n", KILLED, (System.nanoTime() - t) / 1e9);

        // each replica: the series it has from its start; each service (either replica): those of the work done
        Map<String, List<String>> everyReplica = Map.of(
                "account-service", List.of("miaccount_outbox_backlog ", "miaccount_outbox_lag_seconds ",
                        "kafka_consumer_fetch_manager_records_lag"),
                "device-service", List.of("miaccount_outbox_backlog ", "miaccount_outbox_lag_seconds ",
                        "kafka_consumer_fetch_manager_records_lag"),
                "notification-service", List.of("miaccount_outbox_backlog ", "miaccount_outbox_lag_seconds ",
                        "kafka_consumer_fetch_manager_records_lag"));
        Map<String, List<String>> eachService = Map.of(
                "account-service", List.of("miaccount_consumer_applied_total{channel=\"device-events\"",
                        "miaccount_consumer_applied_total{channel=\"activity-account-events\"",
                        "miaccount_consumer_duplicates_total{", "miaccount_consumer_dead_letters_total{",
                        "miaccount_sign_ins_seconds_count{outcome=\"signed-in\"", "miaccount_hashing_queue ",
                        "miaccount_hashing_in_flight "),
                "device-service", List.of("miaccount_consumer_applied_total{channel=\"account-events\"",
                        "miaccount_consumer_duplicates_total{", "miaccount_consumer_dead_letters_total{",
                        "miaccount_flow_duration_seconds_count{flow=\"deletion\""),
                "notification-service", List.of("miaccount_consumer_applied_total{channel=\"device-events\"",
                        "miaccount_consumer_applied_total{channel=\"account-events\"",
                        "miaccount_consumer_duplicates_total{", "miaccount_consumer_dead_letters_total{"));
        Map<String, String> metricsOf = new LinkedHashMap<>();
        for (String replica : REPLICAS) {
            // the replicas publish no port: read /q/metrics from inside, as Prometheus does on the network
            String text = output(List.of("docker", "exec", containerId(replica), "bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/$QUARKUS_HTTP_PORT && printf 'GET /q/metrics HTTP/1.0\\r\\n\\r\\n' >&3"
                            + " && cat <&3"));
            metricsOf.put(replica, text);
            String service = replica.substring(0, replica.lastIndexOf('-'));
            for (String series : everyReplica.get(service)) {
                assertTrue(text.contains(series), replica + "'s /q/metrics lacks " + series);
            }
        }
        for (Map.Entry<String, List<String>> entry : eachService.entrySet()) {
            for (String series : entry.getValue()) {
                assertTrue(metricsOf.get(entry.getKey() + "-1").contains(series)
                        || metricsOf.get(entry.getKey() + "-2").contains(series),
                        "neither replica of " + entry.getKey() + " shows " + series);
            }
        }

        String prometheus = "http://127.0.0.1:" + env.get("PROMETHEUS_PORT");
        Set<String> wanted = new TreeSet<>();
        REPLICAS.forEach(replica -> wanted.add(replica + ":" + portOf(replica)));
        AtomicReference<Map<String, String>> health = new AtomicReference<>();
        await("Prometheus: every replica's target up").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    Map<String, String> seen = new TreeMap<>();
                    for (JsonNode target : get(prometheus + "/api/v1/targets", null).path("data").path("activeTargets")) {
                        seen.put(target.path("labels").path("instance").asText(), target.path("health").asText());
                    }
                    health.set(seen);
                    return seen.keySet().equals(wanted) && seen.values().stream().allMatch("up"::equals);
                });
        // and what it scraped: the outbox backlog of all six
        AtomicReference<Set<String>> scraped = new AtomicReference<>();
        await("Prometheus has miaccount_outbox_backlog of every replica").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
                    Set<String> instances = new TreeSet<>();
                    for (JsonNode series : get(prometheus + "/api/v1/query?query=miaccount_outbox_backlog", null)
                            .path("data").path("result")) {
                        instances.add(series.path("metric").path("instance").asText());
                    }
                    scraped.set(instances);
                    return instances.equals(wanted);
                });
        System.out.printf("[cluster-test] /q/metrics of all 6 replicas has the named series; Prometheus targets %s,"
                + " miaccount_outbox_backlog scraped from %d%n", health.get(), scraped.get().size());
    }

    /**
     * The balancer passes the client's address on (X-Forwarded-For, trusted from the balancers only): a client over
     * a per-client limit is refused while another client, through the same balancer, is not.
     */
    @Test
    @Order(3)
    void perClientLimitsCountTheClientNotTheBalancer() throws Exception {
        // empty registrations: counted by the limit (600 a minute per replica), refused as invalid before any hash
        // (a minute's window may end half-way: the count starts again, so keep on until refused or the deadline)
        int sent = 0;
        boolean limited = false;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!limited && System.nanoTime() < deadline) {
            HttpResponse<String> response = call("POST", accountUrl + "/accounts", null, "{}");
            sent++;
            limited = response.statusCode() == 429;
        }
        assertTrue(limited, "no 429 from the host after " + sent + " registrations in 2 minutes");
        // from another address (a container on the compose network), through the same balancer: not limited
        String other = output(List.of("docker", "exec", containerId("web-console"), "bash", "-c",
                "for i in 1 2 3 4; do exec 3<>/dev/tcp/account-service/8081 && printf 'POST /api/v1/accounts HTTP/1.0"
                        + "\\r\\nContent-Type: application/json\\r\\nContent-Length: 2\\r\\n\\r\\n{}' >&3"
                        + " && head -1 <&3 | cut -d' ' -f2; exec 3>&-; done"));
        List<String> statuses = other.lines().map(String::trim).filter(line -> !line.isEmpty()).toList();
        assertEquals(List.of("400", "400", "400", "400"), statuses,
                "another client through the same balancer, while the host is limited");
        System.out.printf("[cluster-test] per-client limit: the host refused after %d calls, another client through"
                + " the same balancer not (%s)%n", sent, statuses);
    }

    // --- the flows ----------------------------------------------------------------------------------------------

    static Account register(int index, String phone) {
        String body = "{\"phone\":\"" + phone + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Cluster "
                + index + "\"}";
        String accountId = succeed("POST", accountUrl + "/accounts", null, body, 201).path("accountId").asText();
        String token = succeed("POST", accountUrl + "/sessions", null,
                "{\"identifier\":\"" + phone + "\",\"password\":\"" + PASSWORD + "\"}", 200).path("accessToken").asText();
        return new Account(index, phone, accountId, token);
    }

    static void bind(Phone phone) {
        succeed("POST", accountUrl + "/sessions", null, "{\"identifier\":\"" + phone.account().phone()
                + "\",\"password\":\"" + PASSWORD + "\",\"device\":{\"deviceId\":\"" + phone.deviceId()
                + "\",\"model\":\"Xiaomi 15\",\"romRegion\":\"GLOBAL\",\"findDevice\":false}}", 200);
    }

    static long boundPhones(Account account) throws Exception {
        long bound = 0;
        for (JsonNode device : get(deviceUrl + "/devices", account.webToken())) {
            if ("BOUND".equals(device.path("state").asText())) {
                bound++;
            }
        }
        return bound;
    }

    /**
     * DELETE through the balancer until it is taken (a call lost with a killed replica is made again, as a user
     * would: 409 then means an earlier attempt was taken), then the phone reads DELETED.
     */
    static void deleteAndAwaitDeleted(Phone phone) {
        String url = deviceUrl + "/devices/" + phone.deviceId();
        await("DELETE " + phone.deviceId() + " taken").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    int status = call("DELETE", url, phone.account().webToken(), null).statusCode();
                    return status == 202 || status == 409;
                });
        await(phone.deviceId() + " DELETED").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> "DELETED".equals(get(url, phone.account().webToken()).path("state").asText()));
    }

    /** deviceId -> the DEVICE_DELETED SMS naming it ("... phone Xiaomi 15 (deviceId) was deleted ..."). */
    static Map<String, Integer> alertsByPhone(List<Account> accounts) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        String sink = "http://127.0.0.1:" + env.get("SMS_SINK_PORT") + "/v1/messages?to=";
        for (Account account : accounts) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sink
                    + URLEncoder.encode(account.phone(), StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + env.get("MIACCOUNT_SMS_API_KEY"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "the SMS sink: " + response.body());
            for (JsonNode sms : JSON.readTree(response.body())) {
                String text = sms.path("text").asText();
                int open = text.indexOf('(');
                int close = text.indexOf(')', open + 1);
                if (text.contains("was deleted from your Mi Account") && open >= 0 && close > open) {
                    counts.merge(text.substring(open + 1, close), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    static long deviceDeletedNotifications(Account account) throws Exception {
        long count = 0;
        for (JsonNode delivery : get(notificationUrl + "/notifications", account.webToken())) {
            if ("SECURITY_ALERT".equals(delivery.path("kind").asText())
                    && "DEVICE_DELETED".equals(delivery.path("reason").asText())) {
                count++;
            }
        }
        return count;
    }

    static Set<String> deviceIds(List<Phone> phones) {
        Set<String> ids = new TreeSet<>();
        phones.forEach(phone -> ids.add(phone.deviceId()));
        return ids;
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static String containerId(String service) {
        return compose.getContainerByServiceName(service + "_1").orElseThrow().getContainerId();
    }

    static int portOf(String replica) {
        return replica.startsWith("account") ? 8081 : replica.startsWith("device") ? 8082 : 8083;
    }

    static HttpResponse<String> call(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String url, String token) throws Exception {
        HttpResponse<String> response = call("GET", url, token, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The call until it answers {@code status} (setup, before any kill: a 503 of a busy hashing pool is retried). */
    static JsonNode succeed(String method, String url, String token, String body, int status) {
        AtomicReference<JsonNode> answer = new AtomicReference<>();
        AtomicReference<String> refused = new AtomicReference<>();
        await(method + " " + url).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    HttpResponse<String> response = call(method, url, token, body);
                    if (response.statusCode() == status) {
                        answer.set(JSON.readTree(response.body()));
                        return true;
                    }
                    if (response.statusCode() < 500 && response.statusCode() != 429) {
                        refused.set(response.statusCode() + " " + response.body()); // no retry makes it right
                        return true;
                    }
                    return false;
                });
        if (refused.get() != null) {
            throw new AssertionError(method + " " + url + ": " + refused.get());
        }
        return answer.get();
    }
}
