package dev.miaccount.bench;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.miaccount.account.password.HashingPool;
import dev.miaccount.account.password.PasswordHasher;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.infra.Infrastructure;
import dev.miaccount.infra.LocalStack;
import dev.miaccount.infra.Ports;
import dev.miaccount.infra.QuarkusService;
import dev.miaccount.testing.ConsumerGroups;
import dev.miaccount.testing.SystemUnderTest;
import io.vertx.core.http.HttpMethod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The whole benchmark, in one run: the floors, then the packaged services (started by local-infra, as the system
 * tests start them), every figure printed beside its floor, the flows checked for loss and duplicates, and the
 * results written to {@code target/benchmark/}. Run by {@code ./benchmarks/run.sh} (README).
 */
class BenchmarkIT {

    private static final String PASSWORD = "correct horse battery";
    /** Offered rates of the open loop, flows/s; it stops at the first whose p99 passes 1 s or that loses a flow. */
    private static final double[] RATES = {25, 30, 35, 40, 50, 60, 70, 80, 100, 200, 300, 400, 500};
    private static final int STEP_SECONDS = Integer.getInteger("bench.step-seconds", 10);
    /** The goal's duration at 500 flows/s. */
    private static final int GOAL_SECONDS = Integer.getInteger("bench.goal-seconds", 30);
    private static final int LATENCY_FLOWS = Integer.getInteger("bench.latency-flows", 100);
    /** Deletion flows of the untimed warm-up, at 15/s. */
    private static final int WARM_UP_FLOWS = Integer.getInteger("bench.warm-up-flows", 300);
    /** Sign-out flows of the untimed warm-up, all at once after the deletions. */
    private static final int SIGN_OUT_WARM_UP_FLOWS = Integer.getInteger("bench.sign-out-warm-up-flows", 200);
    private static final List<String> SERVICES = List.of("account-service", "device-service", "notification-service");

    /** Which parts run (all by default); a subset is for trying a lever quickly, never for the figures reported. */
    private static final java.util.Set<String> PARTS = java.util.Set.of(System.getProperty("bench.parts",
            "hash,bare,startup,warmup,latency,flows,signin,devices").split(","));

    private final Report report = new Report();
    private final List<String> flowIds = new ArrayList<>();
    private final Map<String, String> finalTypeOfFlow = new HashMap<>();

    @Test
    void run() throws Exception {
        report.note("load average at start (1, 5, 15 min)", loadAverage());
        report.note("machine", Runtime.getRuntime().availableProcessors() + " cores; service JVM options: "
                + System.getenv().getOrDefault("MIACCOUNT_SERVICE_JVM_OPTS", "-Xms64m -Xmx384m -XX:+UseSerialGC (default)"));
        Infrastructure infrastructure = Infrastructure.shared();
        String kafka = infrastructure.kafkaBootstrapServers();

        // ---- floors
        Floors.KafkaHop hop = Floors.kafkaHop(kafka);
        report.note("floor: Kafka produce→consume hop, acks=all", hop.latency() + String.format(Locale.ROOT,
                "; %.0f records/s", hop.recordsPerSecond()));
        Floors.Commit commit = Floors.commit(infrastructure.postgres());
        report.note("floor: PostgreSQL single-row commit, fsync on", commit.latency() + String.format(Locale.ROOT,
                "; %.0f commits/s from 8 connections", commit.commitsPerSecond()));
        int hashThreads = hashThreads();
        double rawHashes = Double.NaN;
        if (PARTS.contains("hash")) {
            // Every implementation account-service can be configured with, side by side; the floor of the sign-in
            // is the one its configuration picks.
            String configured = accountServiceProperties().getProperty("miaccount.password.argon2", "bouncy-castle");
            for (String engine : List.of("bouncy-castle", "native")) {
                try {
                    double rate = rawHashRate(hashThreads, engine);
                    report.note("raw Argon2id, " + engine + ", " + hashThreads + " threads",
                            String.format(Locale.ROOT, "%.1f verifications/s", rate));
                    if (engine.equals(configured) || configured.equals("auto")) {
                        rawHashes = rate; // auto: native when it loads, and it is measured last
                    }
                } catch (RuntimeException | LinkageError e) {
                    report.note("raw Argon2id, " + engine, "not available: " + e.getMessage());
                }
            }
        }
        report.note("floor: raw Argon2id (account-service's PasswordHasher, its parameters), " + hashThreads
                + " threads", String.format(Locale.ROOT, "%.1f verifications/s", rawHashes));
        // start-up, RSS and My Devices are shown against the bare endpoint: they need it measured
        Bare bare = PARTS.contains("bare") || PARTS.contains("startup") || PARTS.contains("devices") ? bareEndpoint()
                : null;

        // ---- the services
        LocalStack stack = SystemUnderTest.stack();
        if (PARTS.contains("startup")) {
            startUpAlone(stack, bare);
        }
        try (Events events = new Events(kafka); HttpLoad load = new HttpLoad();
                KafkaProducer<String, String> producer = producer(kafka)) {
            List<Account> accounts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                accounts.add(register(stack));
            }
            if (PARTS.contains("warmup")) {
                warmUp(stack, events, load, producer, accounts);
            }
            double floorMs = 4 * hop.latency().p50() + 8 * commit.latency().p50();
            if (PARTS.contains("latency")) {
                flowLatency(stack, events, accounts.get(0), floorMs);
            }
            double flowFloorRate = Math.min(commit.commitsPerSecond() / 8, hop.recordsPerSecond() / 4);
            if (PARTS.contains("flows")) {
                openLoop(stack, events, load, producer, accounts, flowFloorRate);
            }
            if (PARTS.contains("signin")) {
                signIns(stack, load, accounts, rawHashes, hashThreads);
            }
            if (PARTS.contains("devices")) {
                myDevices(stack, events, load, producer, bare);
            }
            for (String module : bare == null ? List.<String>of() : SERVICES) {
                double rss = rssMb(stack.service(module));
                report.row(module + " RSS after the load", String.format(Locale.ROOT, "%.0f MB", rss),
                        String.format(Locale.ROOT, "bare app %.0f MB", bare.rssAfterLoadMb), rss / bare.rssAfterLoadMb,
                        "≤ 300 MB", rss <= 300);
                report.note(module + " memory after the load (NMT)",
                        JvmFacts.nativeMemory(stack.service(module).process().program().pid()));
            }
            checkExactlyOnce(events);
        }
        report.note("load average at end (1, 5, 15 min)", loadAverage());
        report.print();
        report.write(Path.of("target/benchmark"));
    }

    // ---------------------------------------------------------------- floors

    /** account-service's hash-threads setting as it resolves: 0 means one per core. */
    private static int hashThreads() throws Exception {
        int configured = Integer.parseInt(accountServiceProperties().getProperty("miaccount.password.hash-threads"));
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** The application.properties inside account-service's jar (the classpath holds this module's own too). */
    private static Properties accountServiceProperties() throws Exception {
        URL jar = PasswordHasher.class.getProtectionDomain().getCodeSource().getLocation();
        URL file = jar.getPath().endsWith(".jar") ? new URL("jar:" + jar + "!/application.properties")
                : new URL(jar, "application.properties");
        Properties properties = new Properties();
        try (InputStream in = file.openStream()) {
            properties.load(in);
        }
        return properties;
    }

    private static double rawHashRate(int threads, String engine) throws Exception {
        Properties p = accountServiceProperties();
        PasswordHasher hasher = new PasswordHasher(new HashingPool(threads, 0, new SimpleMeterRegistry()),
                Integer.parseInt(p.getProperty("miaccount.password.memory-kib")),
                Integer.parseInt(p.getProperty("miaccount.password.iterations")),
                Integer.parseInt(p.getProperty("miaccount.password.parallelism")), engine);
        String encoded = hasher.hash(PASSWORD);
        return Floors.hashRate(threads, i -> hasher.verify(PASSWORD, encoded));
    }

    /** The bare application: its start-up, RSS, and rate under the load My Devices gets. */
    private record Bare(double startSeconds, double rssIdleMb, double rssAfterLoadMb, HttpLoad.Closed load) {
    }

    private Bare bareEndpoint() throws Exception {
        Path logs = Path.of("target/benchmark/logs");
        long started = System.nanoTime();
        try (QuarkusService service = QuarkusService.launch("benchmarks", Ports.free(),
                Map.of("quarkus.http.host", "127.0.0.1"), logs)) {
            service.awaitReady(Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - started) / 1e9;
            double idle = rssMb(service);
            report.note("floor: bare Quarkus endpoint, start-up: what it cost",
                    JvmFacts.startUpCost(service.process().program().pid()));
            HttpLoad.Closed closed;
            CpuUse cpu;
            try (HttpLoad load = new HttpLoad()) {
                String url = service.baseUrl() + "/bare";
                cpu = CpuUse.start(Map.of("bare app", service.process().program().pid()));
                closed = load.closedLoop(50, Duration.ofSeconds(5), Duration.ofSeconds(10),
                        i -> new HttpLoad.Call(HttpMethod.GET, url, Map.of(), null));
            }
            Bare bare = new Bare(seconds, idle, rssMb(service), closed);
            report.note("floor: bare Quarkus endpoint, 50 connections", String.format(Locale.ROOT,
                    "%.0f req/s, %s; start %.2f s; RSS %.0f MB idle, %.0f MB after load", closed.perSecond(),
                    closed.latency(), seconds, idle, bare.rssAfterLoadMb()));
            report.note("floor: bare Quarkus endpoint, where the CPU went", cpu.per(closed.answered()));
            return bare;
        }
    }

    // ---------------------------------------------------------------- start-up

    private void startUpAlone(LocalStack stack, Bare bare) {
        for (String module : SERVICES) {
            stack.stop(module);
            long started = System.nanoTime();
            QuarkusService service = stack.launch(module).awaitReady(Duration.ofSeconds(120));
            double seconds = (System.nanoTime() - started) / 1e9;
            double rss = rssMb(service);
            report.row(module + " start-up alone (launch → ready)", String.format(Locale.ROOT, "%.2f s", seconds),
                    String.format(Locale.ROOT, "bare app %.2f s", bare.startSeconds()), seconds / bare.startSeconds(),
                    "≤ 2 s", seconds <= 2);
            report.row(module + " RSS when ready", String.format(Locale.ROOT, "%.0f MB", rss),
                    String.format(Locale.ROOT, "bare app %.0f MB", bare.rssIdleMb()), rss / bare.rssIdleMb(),
                    "≤ 200 MB", rss <= 200);
            long pid = service.process().program().pid();
            report.note(module + " start-up alone: what it cost", JvmFacts.startUpCost(pid));
            report.note(module + " memory when ready (NMT)", JvmFacts.nativeMemory(pid));
        }
    }

    /** The services' JVMs (not their watchdog shells), to show each one's CPU on its own. */
    private static Map<String, Long> servicePids(LocalStack stack) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (String module : SERVICES) {
            pids.put(module, stack.service(module).process().program().pid());
        }
        pids.put("event-dashboard", stack.service("event-dashboard").process().program().pid());
        return pids;
    }

    /** Resident memory of the service's JVM (not of its watchdog shell). */
    private static double rssMb(QuarkusService service) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.process().program().pid()),
                    "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the RSS of " + service.module(), e);
        }
        throw new IllegalStateException("no VmRSS for " + service.module());
    }

    // ---------------------------------------------------------------- accounts and phones

    private record Account(String accountId, String webToken) {
    }

    private static Account register(LocalStack stack) {
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        String accountId = Http.send("POST", stack.url("account-service") + "/api/v1/accounts", null,
                "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}").expect(201).field("accountId");
        return new Account(accountId, signIn(stack, accountId, null));
    }

    private static String signIn(LocalStack stack, String accountId, String deviceId) {
        String device = deviceId == null ? "" : ",\"device\":{\"deviceId\":\"" + deviceId
                + "\",\"model\":\"Xiaomi 15\",\"romRegion\":\"GLOBAL\",\"findDevice\":false}";
        return Http.send("POST", stack.url("account-service") + "/api/v1/sessions", null,
                "{\"identifier\":\"" + accountId + "\",\"password\":\"" + PASSWORD + "\"" + device + "}").expect(200)
                .field("accessToken");
    }

    /**
     * Phones signed in to the account (deviceId → its access token), bound, and every consumer caught up with the
     * sign-ins' own events (the session every service tracks, the new-sign-in alerts), so that what follows does not
     * share the machine with them.
     */
    private static Map<String, String> signedInPhones(LocalStack stack, Events events, Account account, int count) {
        Map<String, String> phones = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String deviceId = "bench-so-" + UUID.randomUUID().toString().substring(0, 12);
            phones.put(deviceId, signIn(stack, account.accountId(), deviceId));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> phones.keySet().stream().allMatch(events::isBound));
        awaitConsumersCaughtUp(stack);
        return phones;
    }

    /** Sign-out on the phone, keeping its synced data: the flow's id, once accepted (202). */
    private String signOut(LocalStack stack, String deviceId, String phoneToken) {
        String flowId = Http.send("POST", stack.url("device-service") + "/api/v1/devices/" + deviceId + "/sign-out",
                phoneToken, "{\"dataChoice\":\"KEEP\"}").expect(202).field("flowId");
        flowIds.add(flowId);
        finalTypeOfFlow.put(flowId, EventTypes.DEVICE_SIGNED_OUT);
        return flowId;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * The fast, untimed path to bound phones: the {@code account.session-opened.v1} that a sign-in on a phone makes
     * account-service publish, written straight to account-events (a sign-in costs a hash: 15,000 of them would
     * take minutes). device-service binds each phone as after a real sign-in; the phones are deleted from the
     * website, which needs no session of the phone.
     */
    private static List<String> bindPhones(LocalStack stack, Events events, KafkaProducer<String, String> producer,
            List<Account> accounts, int count) {
        List<String> deviceIds = new ArrayList<>();
        String now = Instant.now().toString();
        for (int i = 0; i < count; i++) {
            Account account = accounts.get(i % accounts.size());
            String deviceId = "bench-" + UUID.randomUUID().toString().substring(0, 18);
            deviceIds.add(deviceId);
            String data = "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"accountId\":\"" + account.accountId()
                    + "\",\"kind\":\"DEVICE\",\"device\":{\"deviceId\":\"" + deviceId
                    + "\",\"model\":\"Xiaomi 15\",\"romRegion\":\"GLOBAL\",\"findDevice\":false},\"openedAt\":\"" + now
                    + "\"}";
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ACCOUNT_EVENTS, account.accountId(), data);
            Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", EventTypes.SESSION_OPENED,
                    "ce_source", "account-service", "ce_subject", account.accountId(), "ce_time", now, "ce_flowid",
                    UUID.randomUUID().toString(), "content-type", "application/json")
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            producer.send(record);
        }
        producer.flush();
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> deviceIds.stream().allMatch(events::isBound));
        // Binding makes events of its own (device.bound, the sessions every service tracks): the timed part starts
        // once every consumer group has read and committed them, not while they are still being applied.
        awaitConsumersCaughtUp(stack);
        return deviceIds;
    }

    /** Until every consumer group on the broker has read and committed everything written so far. */
    private static void awaitConsumersCaughtUp(LocalStack stack) {
        try (ConsumerGroups groups = new ConsumerGroups(stack.infrastructure().kafkaBootstrapServers())) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                    .until(() -> groups.groups().stream().mapToLong(groups::lag).sum() == 0);
        }
    }

    // ---------------------------------------------------------------- flows

    /**
     * Sign-out on the phone, one flow at a time: from the 202 to the alert recorded (its ce_time). The phones are
     * signed in and bound first, so that a flow does not share the machine with the next phone's sign-in (a hash and
     * its own events); the wait for an alert polls every 10 ms, which does not change the figure (ce_time is the
     * notification's own clock).
     */
    private void flowLatency(LocalStack stack, Events events, Account account, double floorMs) {
        int warmUp = 5;
        Map<String, String> phones = signedInPhones(stack, events, account, warmUp + LATENCY_FLOWS);
        List<Double> millis = new ArrayList<>();
        List<String> measured = new ArrayList<>();
        CpuUse cpu = null;
        int i = 0;
        for (Map.Entry<String, String> phone : phones.entrySet()) {
            if (i == warmUp) {
                cpu = CpuUse.start(servicePids(stack));
            }
            long acceptedAt = System.currentTimeMillis();
            String flowId = signOut(stack, phone.getKey(), phone.getValue());
            long alerted = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> events.alertedAt(flowId), at -> at > 0);
            if (i++ >= warmUp) {
                millis.add((double) (alerted - acceptedAt));
                measured.add(flowId);
            }
        }
        Stats stats = Stats.ofMillis(millis);
        report.note("sign-out flow, one in flight: where the CPU went",
                cpu.per(LATENCY_FLOWS));
        report.note("sign-out flow, one in flight: where the time goes", events.stages(
                measured, List.of(EventTypes.DEVICE_SIGN_OUT_REQUESTED,
                        EventTypes.DEVICE_SESSIONS_REVOKED, EventTypes.DEVICE_SIGNED_OUT, EventTypes.NOTIFICATION_SENT)));
        report.row("sign-out flow, one in flight: p50", String.format(Locale.ROOT, "%.1f ms", stats.p50()),
                String.format(Locale.ROOT, "4 hops + 8 commits = %.1f ms", floorMs), stats.p50() / floorMs,
                "≤ 3× floor", stats.p50() <= 3 * floorMs);
        report.row("sign-out flow, one in flight: p99", String.format(Locale.ROOT, "%.1f ms (n=%d)", stats.p99(),
                stats.count()), String.format(Locale.ROOT, "%.1f ms", floorMs), stats.p99() / floorMs,
                "≤ 10× floor", stats.p99() <= 10 * floorMs);
    }

    /**
     * Deletions from the website at rising offered rates, each step's phones bound beforehand; a step counts as
     * failed when any request is not a 202 or any flow gets no alert within 60 s of its last request.
     */
    private void openLoop(LocalStack stack, Events events, HttpLoad load, KafkaProducer<String, String> producer,
            List<Account> accounts, double floorRate) throws Exception {
        double best = 0;
        Stats bestLatency = null;
        for (double rate : RATES) {
            int seconds = rate >= 500 ? GOAL_SECONDS : STEP_SECONDS;
            int count = (int) (rate * seconds);
            long binding = System.nanoTime();
            List<String> phones = bindPhones(stack, events, producer, accounts, count);
            report.note(String.format(Locale.ROOT, "open loop %.0f/s: %d phones bound (untimed) in", rate, count),
                    String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - binding) / 1e9));
            CpuUse cpu = CpuUse.start(servicePids(stack));
            List<HttpLoad.Answer> answers = load.openLoop(count, rate, 1024, deletions(stack, accounts, phones))
                    .get(seconds + 120L, TimeUnit.SECONDS);
            int failed = 0;
            List<String> stepFlows = new ArrayList<>();
            Map<String, Long> due = new HashMap<>();
            for (HttpLoad.Answer answer : answers) {
                if (answer.status() != 202) {
                    failed++;
                    if (failed <= 3) {
                        System.out.println("[bench] not accepted: " + answer.status() + " " + answer.body());
                    }
                    continue;
                }
                String flowId = new Http.Response(202, answer.body()).field("flowId");
                stepFlows.add(flowId);
                due.put(flowId, answer.dueEpochMillis());
                flowIds.add(flowId);
                finalTypeOfFlow.put(flowId, EventTypes.DEVICE_DELETED);
            }
            boolean allAlerted;
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> stepFlows.stream().allMatch(f -> events.alertedAt(f) > 0));
                allAlerted = true;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                allAlerted = false;
            }
            List<Double> millis = new ArrayList<>();
            long lastAlert = 0;
            long firstDue = Long.MAX_VALUE;
            for (String flowId : stepFlows) {
                long at = events.alertedAt(flowId);
                if (at < 0) {
                    failed++;
                    continue;
                }
                millis.add((double) (at - due.get(flowId)));
                lastAlert = Math.max(lastAlert, at);
                firstDue = Math.min(firstDue, due.get(flowId));
            }
            Stats stats = Stats.ofMillis(millis);
            report.note(String.format(Locale.ROOT, "open loop %.0f/s: where the CPU went (until the last alert)",
                    rate), cpu.per(count));
            report.note(String.format(Locale.ROOT, "open loop %.0f/s: where the time goes", rate), events.stages(
                    stepFlows, List.of(EventTypes.DEVICE_DELETION_REQUESTED, EventTypes.DEVICE_SESSIONS_REVOKED,
                            EventTypes.DEVICE_DELETED, EventTypes.NOTIFICATION_SENT)));
            double achieved = millis.isEmpty() ? 0 : millis.size() / ((lastAlert - firstDue) / 1000.0);
            report.step(new Report.Step(rate, achieved, count, failed, stats));
            boolean passed = failed == 0 && allAlerted && stats.p99() <= 1000;
            if (passed) {
                best = rate;
                bestLatency = stats;
            }
            if (!passed) {
                break;
            }
        }
        report.row("deletion flows, open loop: highest rate with p99 ≤ 1 s",
                String.format(Locale.ROOT, "%.0f flows/s%s", best, bestLatency == null ? "" : " (" + bestLatency + ")"),
                String.format(Locale.ROOT, "min(commits/8, records/4) = %.0f/s", floorRate), best / floorRate,
                "≥ 500 flows/s for " + GOAL_SECONDS + " s, 0 lost/doubled", best >= 500);
    }

    /** Deleting the i-th phone from the website, by its owner (the accounts take turns). */
    private static java.util.function.IntFunction<HttpLoad.Call> deletions(LocalStack stack, List<Account> accounts,
            List<String> phones) {
        String device = stack.url("device-service");
        return i -> new HttpLoad.Call(HttpMethod.DELETE, device + "/api/v1/devices/" + phones.get(i),
                Map.of("Authorization", "Bearer " + accounts.get(i % accounts.size()).webToken()), null);
    }

    /**
     * Untimed: the services' code paths run long enough for the JIT to compile them before anything is measured
     * (a JVM's first minute of a path is what C2 costs, not what a user of a running service sees). The flows are
     * checked for loss and duplicates at the end like every other.
     */
    private void warmUp(LocalStack stack, Events events, HttpLoad load, KafkaProducer<String, String> producer,
            List<Account> accounts) throws Exception {
        long started = System.nanoTime();
        int count = WARM_UP_FLOWS;
        List<String> phones = bindPhones(stack, events, producer, accounts, count);
        List<HttpLoad.Answer> answers = load.openLoop(count, 15, 64, deletions(stack, accounts, phones))
                .get(count / 15 + 120L, TimeUnit.SECONDS);
        List<String> warmFlows = new ArrayList<>();
        for (HttpLoad.Answer answer : answers) {
            if (answer.status() == 202) {
                String flowId = new Http.Response(202, answer.body()).field("flowId");
                warmFlows.add(flowId);
                flowIds.add(flowId);
                finalTypeOfFlow.put(flowId, EventTypes.DEVICE_DELETED);
            }
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> warmFlows.stream().allMatch(f -> events.alertedAt(f) > 0));
        // The sign-out flow's own paths (the phone's token, the revocation of its sessions, the signed-out alert):
        // measured on JVMs that had only run deletions, half the services' CPU per timed flow was their JIT compilers.
        List<String> signOuts = new ArrayList<>();
        signedInPhones(stack, events, accounts.get(1), SIGN_OUT_WARM_UP_FLOWS)
                .forEach((deviceId, token) -> signOuts.add(signOut(stack, deviceId, token)));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> signOuts.stream().allMatch(f -> events.alertedAt(f) > 0));
        String sessions = stack.url("account-service") + "/api/v1/sessions";
        load.closedLoop(4, Duration.ZERO, Duration.ofSeconds(8), signIns(sessions, accounts));
        String devices = stack.url("device-service") + "/api/v1/devices";
        load.closedLoop(20, Duration.ZERO, Duration.ofSeconds(8), i -> new HttpLoad.Call(HttpMethod.GET, devices,
                Map.of("Authorization", "Bearer " + accounts.get(0).webToken()), null));
        report.note("warm-up (untimed): deletion flows at 15/s, sign-out flows at once, then sign-ins and My Devices, "
                + "8 s each", String.format(Locale.ROOT, "%d deletion flows (%d accepted), %d sign-out flows, "
                + "%.1f s in all", count, warmFlows.size(), signOuts.size(), (System.nanoTime() - started) / 1e9));
    }

    private void checkExactlyOnce(Events events) {
        // Everything else has run since the last flow was alerted: a late duplicate would have been read by now.
        int lost = 0;
        int doubled = 0;
        for (String flowId : flowIds) {
            int alerts = events.of(flowId, EventTypes.NOTIFICATION_SENT).size();
            int finals = events.of(flowId, finalTypeOfFlow.get(flowId)).size();
            if (alerts == 0 || finals == 0) {
                lost++;
            } else if (alerts > 1 || finals > 1) {
                doubled++;
            }
        }
        report.row("flows checked afterwards (one alert, one final event each)", String.format(Locale.ROOT,
                "%d flows: %d lost, %d doubled", flowIds.size(), lost, doubled), "—", 0, "0 lost, 0 doubled",
                lost == 0 && doubled == 0);
    }

    // ---------------------------------------------------------------- sign-in and My Devices

    private void signIns(LocalStack stack, HttpLoad load, List<Account> accounts, double rawHashes, int hashThreads) {
        String url = stack.url("account-service") + "/api/v1/sessions";
        double best = 0;
        String at = "";
        for (int inFlight : new int[] {2, 4, 8}) {
            CpuUse cpu = CpuUse.start(servicePids(stack));
            HttpLoad.Closed closed = load.closedLoop(inFlight, Duration.ofSeconds(3), Duration.ofSeconds(10),
                    signIns(url, accounts));
            report.note("sign-ins, " + inFlight + " in flight", String.format(Locale.ROOT, "%.1f/s, %d failed, %s",
                    closed.perSecond(), closed.failed(), closed.latency()));
            report.note("sign-ins, " + inFlight + " in flight: where the CPU went", cpu.per(closed.answered())
                    + String.format(Locale.ROOT, " (one raw hash: %.2f CPU ms)", hashThreads * 1000 / rawHashes));
            if (closed.perSecond() > best) {
                best = closed.perSecond();
                at = inFlight + " in flight";
            }
        }
        report.row("sign-in (POST /sessions), best of 2/4/8 in flight", String.format(Locale.ROOT, "%.1f /s (%s)", best,
                at), String.format(Locale.ROOT, "raw Argon2id %.1f /s", rawHashes), best / rawHashes, "≥ 0.90 × raw",
                best >= 0.9 * rawHashes);
    }

    /** Web sign-ins of the accounts in turn. */
    private static java.util.function.IntFunction<HttpLoad.Call> signIns(String url, List<Account> accounts) {
        return i -> new HttpLoad.Call(HttpMethod.POST, url, Map.of("Content-Type", "application/json"),
                "{\"identifier\":\"" + accounts.get(i % accounts.size()).accountId() + "\",\"password\":\""
                        + PASSWORD + "\"}");
    }

    private void myDevices(LocalStack stack, Events events, HttpLoad load, KafkaProducer<String, String> producer,
            Bare bare) {
        Account owner = register(stack);
        bindPhones(stack, events, producer, List.of(owner), 3);
        String url = stack.url("device-service") + "/api/v1/devices";
        CpuUse cpu = CpuUse.start(servicePids(stack));
        HttpLoad.Closed closed = load.closedLoop(50, Duration.ofSeconds(5), Duration.ofSeconds(10),
                i -> new HttpLoad.Call(HttpMethod.GET, url, Map.of("Authorization", "Bearer " + owner.webToken()), null));
        report.note("My Devices, where the CPU went", cpu.per(closed.answered()));
        double floor = bare == null ? Double.NaN : bare.load().perSecond();
        report.row("My Devices (GET /devices), 50 connections", String.format(Locale.ROOT, "%.0f req/s, p99 %.1f ms, %d failed",
                closed.perSecond(), closed.latency().p99(), closed.failed()),
                String.format(Locale.ROOT, "bare endpoint %.0f req/s", floor), closed.perSecond() / floor,
                "≥ 0.5 × bare", closed.failed() == 0 && closed.perSecond() >= 0.5 * floor);
    }

    private static String loadAverage() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return parts[0] + ", " + parts[1] + ", " + parts[2];
    }
}
