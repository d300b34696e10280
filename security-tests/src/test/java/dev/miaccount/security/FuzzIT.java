package dev.miaccount.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.miaccount.security.Api.Account;
import dev.miaccount.security.Api.Session;
import dev.miaccount.security.Http.Reply;

/**
 * S1: malformed, truncated, oversized, wrong-typed, deeply nested and odd-unicode requests, wrong content types,
 * huge and broken path and query values, odd methods and odd authorization headers, with and without a valid token,
 * against every endpoint of every service — those each service's OpenAPI document names and those API.md names.
 * Nothing may be answered 5xx, and every 4xx must be an RFC 9457 problem (type, title, status, detail).
 *
 * <p>Two allowances, both printed: a hashing endpoint may shed load with 503 + Retry-After (a problem), and what
 * breaks the HTTP layer's own limits (a request line past 4 KiB, headers past 20 KiB, a request no HTTP parser
 * takes) is refused by the HTTP codec before any application code runs — there it must be a 4xx or a closed
 * connection, never a 5xx, but cannot carry a problem body.
 */
@Order(5)
class FuzzIT {

    static final int THREADS = 6;
    static final int MIN_PER_SERVICE = 1_000;
    /** Requests per service drawn from the endpoints' cases, spread evenly over endpoints and kinds of case. */
    static final int PER_SERVICE = Integer.getInteger("fuzz.per-service", 1_100);
    /** device-service's public lock check allows 600 calls a minute per address. */
    static final int MAX_LOCK_CHECKS = 400;

    private static final Set<String> HASHING = Set.of("POST /api/v1/accounts", "POST /api/v1/sessions",
            "POST /api/v1/accounts/me/reauth", "POST /api/v1/password-resets/{resetId}/confirm");
    /** Calls that end the caller's session or phone: they get the sacrificial account's tokens and ids. */
    private static final Set<String> DESTRUCTIVE = Set.of("DELETE /api/v1/sessions/current",
            "DELETE /api/v1/sessions", "DELETE /api/v1/sessions/{sessionId}",
            "POST /api/v1/devices/{deviceId}/sign-out", "POST /api/v1/devices/{deviceId}/factory-reset",
            "DELETE /api/v1/devices/{deviceId}", "POST /api/v1/devices/{deviceId}/activation",
            "POST /api/v1/accounts/me/deletion", "POST /api/v1/accounts/me/deletion/{deletionId}/confirm");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    record Endpoint(String service, String base, String method, String path, Set<String> query, String origin) {

        String key() {
            return method + " " + path;
        }

        boolean sendsBody() {
            return Set.of("POST", "PUT", "PATCH").contains(method);
        }
    }

    /** One request to make: where it goes, what it tries, and whether it is past the HTTP layer's own limits. */
    record Case(Endpoint endpoint, String category, boolean codecLevel, Supplier<Reply> send) {
    }

    record Outcome(Case fuzz, Reply reply, long millis) {
    }

    /** The accounts the valid tokens and ids come from. */
    static final class Fixture {
        final Account account = Api.register();
        final Session web = Api.web(account);
        final Session phone = Api.phone(account, false);
    }

    private static Fixture main;
    private static Fixture sacrificial;

    @BeforeAll
    static void start() {
        Stack.start();
        Secrets.contributedBy(FuzzIT.class);
        main = new Fixture();
        sacrificial = new Fixture();
    }

    @Test
    void nothingAClientSendsIsA5xxAndEveryErrorIsAProblem() throws Exception {
        List<Endpoint> endpoints = endpoints();
        List<Case> cases = new ArrayList<>();
        Map<String, Long> endpointsPerService = endpoints.stream().collect(Collectors.groupingBy(Endpoint::service,
                Collectors.counting()));
        int generated = 0;
        for (Endpoint endpoint : endpoints) {
            List<Case> all = cases(endpoint);
            generated += all.size();
            int quota = (int) Math.ceil((double) PER_SERVICE / endpointsPerService.get(endpoint.service()));
            cases.addAll(spread(all, quota));
        }
        System.out.printf("[FuzzIT] %d cases made for the endpoints, %d drawn (%d per service, evenly over "
                + "endpoints and kinds)%n", generated, cases.size(), PER_SERVICE);
        cases.addAll(methodCases(endpoints));
        cases.addAll(unknownPathCases());
        cases.addAll(rawCases());
        cases = capLockChecks(cases);

        long begin = System.nanoTime();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Case fuzz : cases) {
                running.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    Reply reply = fuzz.send().get();
                    outcomes.add(new Outcome(fuzz, reply, (System.nanoTime() - start) / 1_000_000));
                }));
            }
            for (Future<?> future : running) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        outcomes.forEach(outcome -> Secrets.token(outcome.reply().text("accessToken")));
        Api.noteCodesSentTo(main.account.phone());
        Api.noteCodesSentTo(main.account.email());

        List<String> found = judge(outcomes);
        report(endpoints, outcomes, seconds, found);

        Map<String, Long> perService = outcomes.stream().collect(Collectors.groupingBy(
                o -> o.fuzz().endpoint().service(), TreeMap::new, Collectors.counting()));
        assertThat(perService).as("requests per service").allSatisfy((service, count) ->
                assertThat(count).as(service).isGreaterThanOrEqualTo(MIN_PER_SERVICE));
        assertThat(found).as("5xx answers and errors that are no RFC 9457 problem").isEmpty();
    }

    // ---------------------------------------------------------------- the endpoints

    private static List<Endpoint> endpoints() {
        Map<String, String> bases = new LinkedHashMap<>();
        bases.put("account-service", Stack.account());
        bases.put("device-service", Stack.device());
        bases.put("notification-service", Stack.notification());
        bases.put("event-dashboard", Stack.dashboard());

        Map<String, Endpoint> all = new LinkedHashMap<>();
        // API.md, v1 to v1.2, and the internal code check
        contract(all, bases, "account-service", "POST /api/v1/accounts", "POST /api/v1/sessions",
                "DELETE /api/v1/sessions/current", "GET /api/v1/accounts/me", "PATCH /api/v1/accounts/me",
                "POST /api/v1/accounts/me/reauth", "POST /api/v1/password-resets",
                "POST /api/v1/password-resets/{resetId}/confirm", "GET /api/v1/sessions",
                "DELETE /api/v1/sessions/{sessionId}", "DELETE /api/v1/sessions",
                "GET /api/v1/accounts/me/activity?limit&before",
                "POST /api/v1/accounts/me/contact-changes/{changeId}/confirm", "GET /api/v1/jwks",
                "POST /api/v1/accounts/me/deletion", "POST /api/v1/accounts/me/deletion/{deletionId}/confirm");
        contract(all, bases, "device-service", "GET /api/v1/devices", "GET /api/v1/devices/{deviceId}",
                "PUT /api/v1/devices/{deviceId}/find-device", "POST /api/v1/devices/{deviceId}/sign-out",
                "DELETE /api/v1/devices/{deviceId}", "POST /api/v1/devices/{deviceId}/factory-reset",
                "POST /api/v1/devices/{deviceId}/activation", "GET /api/v1/devices/{deviceId}/activation-lock",
                "POST /api/v1/devices/{deviceId}/bootloader-unlock");
        contract(all, bases, "notification-service", "GET /api/v1/notifications",
                "GET /api/v1/sandbox/messages?to&limit", "POST /internal/v1/verification-codes/{resetId}/check");
        contract(all, bases, "event-dashboard", "GET /", "GET /api/v1/events?subject&type&flowId&limit",
                "GET /api/v1/events/stream?subject&type&flowId");

        // and what each service says it serves
        bases.forEach((service, base) -> {
            Reply reply = Http.get(base + "/q/openapi?format=json").header("Accept", "application/json").send();
            JsonNode paths = reply.json() == null ? null : reply.json().path("paths");
            if (paths == null || !paths.isObject()) {
                System.out.printf("[FuzzIT] %s: no OpenAPI document (%s); API.md's list only%n", service,
                        reply.status());
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    String method = op.getKey().toUpperCase(Locale.ROOT);
                    if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        continue;
                    }
                    Set<String> query = new LinkedHashSet<>();
                    for (JsonNode parameter : op.getValue().path("parameters")) {
                        if ("query".equals(parameter.path("in").asText())) {
                            query.add(parameter.path("name").asText());
                        }
                    }
                    String key = service + " " + method + " " + path.getKey();
                    Endpoint known = all.get(key);
                    if (known != null) {
                        query.addAll(known.query());
                        all.put(key, new Endpoint(service, base, method, path.getKey(), query, "API.md+OpenAPI"));
                    } else {
                        all.put(key, new Endpoint(service, base, method, path.getKey(), query, "OpenAPI"));
                    }
                }
            }
        });
        return List.copyOf(all.values());
    }

    private static void contract(Map<String, Endpoint> all, Map<String, String> bases, String service,
            String... calls) {
        for (String call : calls) {
            String[] parts = call.split(" ", 2);
            String[] pathAndQuery = parts[1].split("\\?", 2);
            Set<String> query = pathAndQuery.length > 1 ? new LinkedHashSet<>(List.of(pathAndQuery[1].split("&")))
                    : new LinkedHashSet<>();
            all.put(service + " " + parts[0] + " " + pathAndQuery[0], new Endpoint(service, bases.get(service),
                    parts[0], pathAndQuery[0], query, "API.md"));
        }
    }

    // ---------------------------------------------------------------- valid values, to mutate one thing at a time

    private static Fixture fixture(Endpoint endpoint) {
        return DESTRUCTIVE.contains(endpoint.key()) ? sacrificial : main;
    }

    /** A valid token for the endpoint: the phone's own session for device-service, else the web session. */
    private static String token(Endpoint endpoint) {
        Fixture fixture = fixture(endpoint);
        return endpoint.service().equals("device-service") ? fixture.phone.token() : fixture.web.token();
    }

    private static String validId(Endpoint endpoint, String parameter) {
        Fixture fixture = fixture(endpoint);
        return switch (parameter) {
            case "deviceId" -> fixture.phone.deviceId();
            case "sessionId" -> fixture.phone.sessionId();
            case "accountId" -> fixture.account.accountId();
            default -> UUID.randomUUID().toString();
        };
    }

    private static String validQueryValue(Endpoint endpoint, String parameter) {
        return switch (parameter) {
            case "to" -> main.account.email();
            case "limit" -> "10";
            case "subject" -> main.account.accountId();
            case "type" -> "account.registered.v1";
            case "flowId" -> UUID.randomUUID().toString();
            case "before" -> "2030-01-01T00:00:00Z";
            default -> "x";
        };
    }

    private static ObjectNode sample(Endpoint endpoint) {
        Fixture fixture = fixture(endpoint);
        ObjectNode body = Http.JSON.createObjectNode();
        switch (endpoint.key()) {
            case "POST /api/v1/accounts" -> body.put("email", Api.newEmail()).put("phone", Api.newPhone())
                    .put("password", Api.newPassword()).put("displayName", "Fuzz");
            case "POST /api/v1/sessions" -> {
                body.put("identifier", fixture.account.email()).put("password", fixture.account.password());
                body.putObject("device").put("deviceId", "fuzz-" + Api.random(8)).put("model", "Xiaomi 15")
                        .put("romRegion", "GLOBAL").put("findDevice", false);
            }
            case "PATCH /api/v1/accounts/me" -> body.put("displayName", "Fuzz").put("email", Api.newEmail())
                    .put("phone", Api.newPhone());
            case "POST /api/v1/accounts/me/reauth" -> body.put("password", fixture.account.password());
            case "POST /api/v1/password-resets" -> body.put("identifier", fixture.account.email());
            case "POST /api/v1/password-resets/{resetId}/confirm" -> body.put("code", "123456")
                    .put("newPassword", Api.newPassword());
            case "PUT /api/v1/devices/{deviceId}/find-device" -> body.put("enabled", true).put("stepUpToken", "x");
            case "POST /api/v1/devices/{deviceId}/sign-out" -> body.put("dataChoice", "KEEP").put("stepUpToken", "x");
            case "POST /internal/v1/verification-codes/{resetId}/check" -> body
                    .put("accountId", fixture.account.accountId()).put("code", "123456");
            default -> {
                if (endpoint.path().endsWith("/confirm")) {
                    body.put("code", "123456");
                } else {
                    body.put("comment", "nothing expected here");
                }
            }
        }
        return body;
    }

    // ---------------------------------------------------------------- the cases

    private static List<Case> cases(Endpoint endpoint) {
        List<Case> cases = new ArrayList<>();
        String valid = token(endpoint);
        List<String> paramNames = new ArrayList<>();
        Matcher matcher = PARAM.matcher(endpoint.path());
        while (matcher.find()) {
            paramNames.add(matcher.group(1));
        }
        Map<String, String> ids = new LinkedHashMap<>();
        paramNames.forEach(name -> ids.put(name, validId(endpoint, name)));
        String query = endpoint.query().stream().map(q -> q + "=" + enc(validQueryValue(endpoint, q)))
                .collect(Collectors.joining("&"));
        String url = endpoint.base() + expand(endpoint.path(), ids) + (query.isEmpty() ? "" : "?" + query);

        for (String token : new String[] { valid, null }) {
            String who = token == null ? " (no token)" : " (valid token)";
            // bodies
            // every endpoint gets every body: a client may send one where none is expected
            for (Body body : bodies(sample(endpoint))) {
                cases.add(new Case(endpoint, "body: " + body.category() + who, false, () -> {
                    Http.Call call = Http.call(endpoint.method(), url).bearer(token).body(body.bytes(), body.type());
                    if (body.chunked()) {
                        call.chunked();
                    }
                    if (body.expectContinue() && endpoint.sendsBody()) {
                        call.expectContinue(); // no client asks 100-continue before a GET or DELETE
                    }
                    return call.send();
                }));
            }
            // path ids
            for (String param : paramNames) {
                for (String[] id : PATH_IDS) {
                    Map<String, String> bad = new LinkedHashMap<>(ids);
                    bad.put(param, id[1]);
                    String badUrl = endpoint.base() + expand(endpoint.path(), bad) + (query.isEmpty() ? "" : "?" + query);
                    boolean codec = badUrl.length() > 4_000;
                    cases.add(new Case(endpoint, "path " + param + ": " + id[0] + who, codec,
                            () -> withValidBody(endpoint, Http.call(endpoint.method(), badUrl).bearer(token)).send()));
                }
            }
            // query values, for the declared parameters and one nobody declared
            Set<String> params = new LinkedHashSet<>(endpoint.query());
            params.add("unexpected");
            for (String param : params) {
                for (String[] value : QUERY_VALUES) {
                    String rest = endpoint.query().stream().filter(q -> !q.equals(param))
                            .map(q -> q + "=" + enc(validQueryValue(endpoint, q))).collect(Collectors.joining("&"));
                    String badUrl = endpoint.base() + expand(endpoint.path(), ids) + "?" + param + "=" + value[1]
                            + (rest.isEmpty() ? "" : "&" + rest);
                    boolean codec = badUrl.length() > 4_000;
                    cases.add(new Case(endpoint, "query " + (endpoint.query().contains(param) ? "" : "unexpected ")
                            + ": " + value[0] + who, codec,
                            () -> withValidBody(endpoint, Http.call(endpoint.method(), badUrl).bearer(token)).send()));
                }
            }
            // what the client accepts
            for (String accept : ACCEPTS) {
                cases.add(new Case(endpoint, "accept " + accept + who, false, () -> withValidBody(endpoint,
                        Http.call(endpoint.method(), url).bearer(token).header("Accept", accept)).send()));
            }
        }
        // authorization headers
        for (String[] auth : authorizations(valid)) {
            boolean codec = auth[1].length() > 18_000;
            cases.add(new Case(endpoint, "authorization: " + auth[0], codec, () -> {
                Http.Call call = withValidBody(endpoint, Http.call(endpoint.method(), url));
                for (String value : auth[1].split("\n")) {
                    call.header("Authorization", value);
                }
                return call.send();
            }));
        }
        return cases;
    }

    private static Http.Call withValidBody(Endpoint endpoint, Http.Call call) {
        return endpoint.sendsBody() ? call.json(sample(endpoint)) : call;
    }

    private static List<Case> methodCases(List<Endpoint> endpoints) {
        Map<String, List<Endpoint>> byPath = endpoints.stream().collect(Collectors.groupingBy(
                e -> e.service() + " " + e.path(), LinkedHashMap::new, Collectors.toList()));
        List<Case> cases = new ArrayList<>();
        for (List<Endpoint> samePath : byPath.values()) {
            Endpoint first = samePath.get(0);
            Set<String> declared = samePath.stream().map(Endpoint::method).collect(Collectors.toSet());
            Map<String, String> ids = new LinkedHashMap<>();
            Matcher matcher = PARAM.matcher(first.path());
            while (matcher.find()) {
                ids.put(matcher.group(1), validId(first, matcher.group(1)));
            }
            String url = first.base() + expand(first.path(), ids);
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "FOO")) {
                if (declared.contains(method)) {
                    continue;
                }
                for (String token : new String[] { token(first), null }) {
                    cases.add(new Case(first, "method " + method + (token == null ? " (no token)" : " (valid token)"),
                            false, () -> Http.call(method, url).bearer(token).json(Map.of("a", 1)).send()));
                }
            }
        }
        return cases;
    }

    private static List<Case> unknownPathCases() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> bases = Map.of("account-service", Stack.account(), "device-service", Stack.device(),
                "notification-service", Stack.notification(), "event-dashboard", Stack.dashboard());
        List<String> paths = List.of("/api/v1/nothing-here", "/api/v2/accounts", "/api/v1/devices/a/b/c/d/e",
                "/api/v1/%2e%2e/%2e%2e/etc/passwd", "/api/v1/accounts/me/..%2f..%2f..%2fetc%2fpasswd",
                "/api/v1/accounts;jsessionid=1", "/api/v1/%00", "/api/v1/%FF%FE", "/api//v1//devices",
                "/api/v1/devices/%252e%252e", "/api/v1/" + "x".repeat(3_500));
        bases.forEach((service, base) -> {
            Endpoint unknown = new Endpoint(service, base, "GET", "(unknown path)", Set.of(), "fuzz");
            for (String path : paths) {
                for (String method : List.of("GET", "POST")) {
                    cases.add(new Case(unknown, "unknown path " + method, false,
                            () -> Http.call(method, base + path).json(Map.of("a", 1)).send()));
                }
            }
        });
        return cases;
    }

    /** What no well-behaved client sends, written byte for byte. */
    private static List<Case> rawCases() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("account-service", Stack.account() + " /api/v1/sessions");
        targets.put("device-service", Stack.device() + " /api/v1/devices/" + main.phone.deviceId() + "/activation-lock");
        targets.put("notification-service", Stack.notification() + " /api/v1/sandbox/messages");
        targets.put("event-dashboard", Stack.dashboard() + " /api/v1/events");
        targets.forEach((service, target) -> {
            String base = target.split(" ")[0];
            String path = target.split(" ")[1];
            String host = base.replaceFirst("^http://", "");
            Endpoint raw = new Endpoint(service, base, "RAW", path, Set.of(), "fuzz");
            String json = "{\"identifier\":\"a@example.com\",\"password\":\"12345678\"}";
            Map<String, byte[]> requests = new LinkedHashMap<>();
            requests.put("a broken percent escape in the path", bytes("GET " + path + "%G1 HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n"));
            requests.put("a lone percent sign in the query", bytes("GET " + path + "?to=% HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n"));
            requests.put("raw invalid UTF-8 in the path", concat(bytes("GET " + path), new byte[] { (byte) 0xC0,
                    (byte) 0xAF, (byte) 0xFF }, bytes(" HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")));
            requests.put("raw invalid UTF-8 in the query", concat(bytes("GET " + path + "?subject=a"), new byte[] {
                    (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, bytes(" HTTP/1.1\r\nHost: " + host
                            + "\r\nConnection: close\r\n\r\n")));
            requests.put("a NUL byte in the path", concat(bytes("GET " + path), new byte[] { 0 }, bytes(
                    " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")));
            requests.put("two different Content-Lengths", bytes("POST " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nContent-Length: 5\r\nContent-Length: " + json.length()
                    + "\r\nConnection: close\r\n\r\n" + json));
            requests.put("Content-Length and chunked at once", bytes("POST " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked"
                    + "\r\nConnection: close\r\n\r\n" + Integer.toHexString(json.length()) + "\r\n" + json
                    + "\r\n0\r\n\r\n"));
            requests.put("a negative Content-Length", bytes("POST " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n" + json));
            requests.put("a header line without a colon", bytes("GET " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nthis is no header\r\nConnection: close\r\n\r\n"));
            requests.put("HTTP/0.9", bytes("GET " + path + "\r\n\r\n"));
            requests.put("HTTP/9.9", bytes("GET " + path + " HTTP/9.9\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"));
            requests.put("a chunk size that is no number", bytes("POST " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "zz\r\n" + json + "\r\n0\r\n\r\n"));
            requests.put("a JSON body in UTF-16 declared as UTF-8", concat(bytes("POST " + path + " HTTP/1.1\r\nHost: "
                    + host + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                    + json.getBytes(StandardCharsets.UTF_16).length + "\r\nConnection: close\r\n\r\n"),
                    json.getBytes(StandardCharsets.UTF_16)));
            requests.forEach((label, request) -> {
                for (int i = 0; i < 2; i++) {
                    cases.add(new Case(raw, "raw: " + label, true, () -> Http.raw(base, label, request)));
                }
            });
        });
        return cases;
    }

    /**
     * At most {@code quota} of an endpoint's cases: every kind of case in turn (bodies malformed, truncated,
     * oversized, nested, wrong-typed, odd unicode, content types; path ids; query values; accept; authorization),
     * each kind's cases in a fixed shuffled order so that both token states and all variants come up.
     */
    private static List<Case> spread(List<Case> all, int quota) {
        Map<String, List<Case>> byKind = new TreeMap<>();
        for (Case fuzz : all) {
            byKind.computeIfAbsent(kind(fuzz.category()), k -> new ArrayList<>()).add(fuzz);
        }
        java.util.Random random = new java.util.Random(42);
        byKind.values().forEach(list -> java.util.Collections.shuffle(list, random));
        List<Case> drawn = new ArrayList<>();
        List<Iterator<Case>> kinds = byKind.values().stream().map(List::iterator)
                .collect(Collectors.toCollection(ArrayList::new));
        while (drawn.size() < quota && !kinds.isEmpty()) {
            for (Iterator<Iterator<Case>> it = kinds.iterator(); it.hasNext() && drawn.size() < quota;) {
                Iterator<Case> kind = it.next();
                if (kind.hasNext()) {
                    drawn.add(kind.next());
                } else {
                    it.remove();
                }
            }
        }
        return drawn;
    }

    static String kind(String category) {
        if (category.startsWith("body: ")) {
            String rest = category.substring(6);
            if (rest.startsWith("malformed")) {
                return "body malformed";
            }
            if (rest.startsWith("truncated")) {
                return "body truncated";
            }
            if (rest.startsWith("oversized") || rest.startsWith("100,000")) {
                return "body oversized";
            }
            if (rest.contains("nested")) {
                return "body nested";
            }
            if (rest.startsWith("wrong type")) {
                return "body wrong type";
            }
            if (rest.startsWith("odd unicode")) {
                return "body odd unicode";
            }
            if (rest.startsWith("content type") || rest.startsWith("form") || rest.startsWith("multipart")) {
                return "body content type";
            }
            return "body valid";
        }
        return category.split("[ :]")[0];
    }

    /** Keeps the public lock check under its per-address limit (it is not what this test is about). */
    private static List<Case> capLockChecks(List<Case> cases) {
        List<Case> kept = new ArrayList<>();
        int lockChecks = 0;
        for (Case fuzz : cases) {
            if (fuzz.endpoint().path().endsWith("/activation-lock") && fuzz.endpoint().method().equals("GET")) {
                if (++lockChecks > MAX_LOCK_CHECKS) {
                    continue;
                }
            }
            kept.add(fuzz);
        }
        return kept;
    }

    // ---------------------------------------------------------------- the bodies

    record Body(String category, byte[] bytes, String type, boolean chunked, boolean expectContinue) {

        static Body json(String category, byte[] bytes) {
            return new Body(category, bytes, "application/json", false, false);
        }

        static Body json(String category, String text) {
            return json(category, FuzzIT.bytes(text));
        }
    }

    static final List<String> MALFORMED = List.of("", " ", "{", "}", "[", "{\"a\":}", "{'a':1}", "{a:1}", "[1,2",
            "nul", "nulll", "tru", "{\"a\":1,}", "{\"a\" \"b\"}", "{}x", "{}{}", "{\"a\":\"b\"]", "/* c */ {}",
            "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":0x10}", "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}",
            "{\"a\":\"unterminated}", "\"just a string\"", "null", "true", "12", "[]", "[{}]", "{\"\":\"\"}",
            "{\"a\":1,\"a\":2}", "\uFEFF{}", ":::", "<?xml version=\"1.0\"?><a/>", "a=1&b=2");

    private static List<Body> bodies(ObjectNode sample) {
        List<Body> bodies = new ArrayList<>();
        byte[] valid = jsonBytes(sample);
        bodies.add(Body.json("the valid body", valid));
        for (String malformed : MALFORMED) {
            bodies.add(Body.json("malformed JSON", malformed));
        }
        // truncated, also in the middle of a multi-byte character
        for (int cut : new int[] { 1, valid.length / 4, valid.length / 2, valid.length - 1 }) {
            bodies.add(Body.json("truncated JSON", java.util.Arrays.copyOf(valid, Math.max(0, cut))));
        }
        byte[] withChinese = jsonBytes(sample.deepCopy().put("displayName", "设备设备"));
        String text = new String(withChinese, StandardCharsets.UTF_8);
        int inside = text.indexOf("设") > 0 ? new String(text.substring(0, text.indexOf("设")))
                .getBytes(StandardCharsets.UTF_8).length + 1 : withChinese.length / 2;
        bodies.add(Body.json("truncated inside a UTF-8 character", java.util.Arrays.copyOf(withChinese, inside)));
        // oversized (the services take 64 KiB)
        for (int size : new int[] { 65 * 1024, 256 * 1024, 1024 * 1024 }) {
            ObjectNode big = sample.deepCopy();
            big.put(firstStringField(sample), "x".repeat(size));
            byte[] bytes = jsonBytes(big);
            bodies.add(new Body("oversized " + size / 1024 + " KiB, Content-Length, 100-continue", bytes,
                    "application/json", false, true));
            bodies.add(new Body("oversized " + size / 1024 + " KiB, chunked", bytes, "application/json", true, false));
        }
        bodies.add(new Body("oversized 65 KiB, Content-Length", jsonBytes(sample.deepCopy()
                .put(firstStringField(sample), "y".repeat(65 * 1024))), "application/json", false, false));
        bodies.add(new Body("valid, chunked", valid, "application/json", true, false));
        // deeply nested
        bodies.add(Body.json("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000)));
        bodies.add(Body.json("10,000 nested objects", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        bodies.add(Body.json("10,000 nested arrays in a field", "{\"" + firstStringField(sample) + "\":"
                + "[".repeat(10_000) + "]".repeat(10_000) + "}"));
        bodies.add(Body.json("10,000 unclosed arrays", "[".repeat(10_000)));
        bodies.add(Body.json("2,000 nested arrays", "[".repeat(2_000) + "]".repeat(2_000)));
        bodies.add(Body.json("100,000 nested arrays (oversized too)", "[".repeat(100_000) + "]".repeat(100_000)));
        // wrong types and odd unicode, field by field
        for (Iterator<String> fields = sample.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            for (String[] wrong : WRONG_TYPES) {
                bodies.add(Body.json("wrong type of " + field + ": " + wrong[0], replaceValue(sample, field, wrong[1])));
            }
            if (sample.get(field).isTextual() || sample.get(field).isObject()) {
                for (Object[] odd : ODD_STRINGS) {
                    bodies.add(Body.json("odd unicode in " + field + ": " + odd[0], replaceValue(sample, field, odd[1])));
                }
            }
        }
        // wrong content types with the valid body
        for (String type : CONTENT_TYPES) {
            bodies.add(new Body("content type " + (type == null ? "(none)" : type.length() > 40
                    ? type.substring(0, 40) + "..." : type), valid, type, false, false));
        }
        bodies.add(new Body("form body as form", bytes("identifier=a&password=b"),
                "application/x-www-form-urlencoded", false, false));
        bodies.add(new Body("multipart body", bytes("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n"),
                "multipart/form-data; boundary=b", false, false));
        return bodies;
    }

    static final String[][] WRONG_TYPES = {
            { "number", "1" }, { "negative", "-1" }, { "fraction", "1.5" }, { "1e309", "1e309" },
            { "huge integer", "123456789012345678901234567890123456789" }, { "true", "true" }, { "false", "false" },
            { "null", "null" }, { "empty array", "[]" }, { "array", "[\"a\",1]" }, { "object", "{\"a\":1}" },
            { "empty string", "\"\"" }, { "10,000 characters", "\"" + "w".repeat(10_000) + "\"" },
            { "boolean as string", "\"true\"" }, { "enum in lower case", "\"keep\"" },
            { "number as string", "\"1e309\"" } };

    /** Odd strings: JSON text (escapes as the client wrote them) or raw bytes inside the quotes. */
    static final Object[][] ODD_STRINGS = {
            { "lone high surrogate \\ud800", "\"a\\ud800b\"" },
            { "lone low surrogate \\udfff", "\"\\udfff\"" },
            { "reversed surrogate pair", "\"\\udc00\\ud800\"" },
            { "NUL \\u0000", "\"a\\u0000b\"" },
            { "NUL in an email", "\"admin\\u0000@example.com\"" },
            { "right-to-left override", "\"admin\\u202egnp.exe@example.com\"" },
            { "zero-width and BOM", "\"a\\u200b\\u200d\\ufeffb\"" },
            { "noncharacters", "\"\\ufffe\\uffff\"" },
            { "line and paragraph separators", "\"a\\u2028b\\u2029c\\u0085\"" },
            { "control characters", "\"\\u0001\\u0007\\u001b[31m\\u007f\"" },
            { "1,000 combining accents", "\"e" + "\\u0301".repeat(1_000) + "\"" },
            { "full-width email", "\"ａｄｍｉｎ＠ｅｘａｍｐｌｅ．ｃｏｍ\"" },
            { "Turkish dotted capital I", "\"ADMİN@EXAMPLE.COM\"" },
            { "ligature for NFKC", "\"ﬃ\"" },
            { "2,000 emoji", "\"" + "😀".repeat(2_000) + "\"" },
            { "Chinese", "\"设备 用户\"" },
            { "SQL", "\"' OR '1'='1'; DROP TABLE accounts; --\"" },
            { "log4shell", "\"${jndi:ldap://127.0.0.1:1/a}\"" },
            { "CRLF injection", "\"a\\r\\nSet-Cookie: x=1\"" },
            { "HTML", "\"<script>alert(1)</script>\"" },
            { "format string", "\"%s%s%s%n%x\"" },
            { "raw NUL byte", new byte[] { '"', 'a', 0, 'b', '"' } },
            { "raw control byte", new byte[] { '"', 'a', 0x1f, 'b', '"' } },
            { "invalid byte 0xFF", new byte[] { '"', 'a', (byte) 0xFF, 'b', '"' } },
            { "overlong / (C0 AF)", new byte[] { '"', (byte) 0xC0, (byte) 0xAF, '"' } },
            { "overlong / in 3 bytes (E0 80 AF)", new byte[] { '"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"' } },
            { "overlong NUL (C0 80)", new byte[] { '"', (byte) 0xC0, (byte) 0x80, '"' } },
            { "UTF-8-encoded surrogate (ED A0 80)", new byte[] { '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' } },
            { "beyond U+10FFFF (F4 90 80 80)", new byte[] { '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80,
                    '"' } },
            { "5-byte sequence", new byte[] { '"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                    '"' } },
            { "lone continuation byte", new byte[] { '"', 'a', (byte) 0x80, '"' } },
            { "truncated 3-byte character", new byte[] { '"', (byte) 0xE2, (byte) 0x82, '"' } } };

    static final String[] CONTENT_TYPES = { null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "application/octet-stream", "application/json; charset=utf-16", "application/json; charset=bogus-charset",
            "application/json; charset=\"", "application/problem+json", "application/merge-patch+json", "*/*",
            "application/*", "application/json;;;;", "text/json", "application/json" + "; x=y".repeat(200) };

    static final String[] ACCEPTS = { "application/xml", "text/html", "image/png", "application/json;q=0",
            "*/*;q=abc", "text/event-stream" };

    private static List<String[]> authorizations(String valid) {
        String[] parts = valid.split("\\.");
        return List.of(
                new String[] { "Bearer with nothing", "Bearer" },
                new String[] { "Bearer and a space", "Bearer " },
                new String[] { "garbage", "Bearer garbage" },
                new String[] { "Basic", "Basic dXNlcjpwYXNzd29yZA==" },
                new String[] { "Digest", "Digest username=\"a\", response=\"b\"" },
                new String[] { "another scheme", "Token " + valid },
                new String[] { "lower-case bearer (valid token)", "bearer " + valid },
                new String[] { "a tab before the token", "Bearer \t" + valid },
                new String[] { "signature cut short", "Bearer " + valid.substring(0, valid.length() - 5) },
                new String[] { "signature with a byte changed", "Bearer " + parts[0] + "." + parts[1] + "."
                        + flip(parts[2]) },
                new String[] { "two parts", "Bearer " + parts[0] + "." + parts[1] },
                new String[] { "four parts", "Bearer " + valid + ".abc" },
                new String[] { "a header that is no JSON", "Bearer bm90IGpzb24." + parts[1] + "." + parts[2] },
                new String[] { "a payload that is no JSON", "Bearer " + parts[0] + ".bm90IGpzb24." + parts[2] },
                new String[] { "not base64", "Bearer !!!.$$$.%%%" },
                new String[] { "latin-1 bytes", "Bearer \u00e9\u00e8\u00ff" },
                new String[] { "a 16 KiB token", "Bearer " + "a".repeat(16 * 1024) },
                new String[] { "a 30 KiB token (past the header limit)", "Bearer " + "a".repeat(30 * 1024) },
                new String[] { "two Authorization headers, valid first", "Bearer " + valid + "\nBearer garbage" },
                new String[] { "two Authorization headers, garbage first", "Bearer garbage\nBearer " + valid });
    }

    private static String flip(String signature) {
        char[] chars = signature.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    /** {label, already-encoded path segment} */
    static final String[][] PATH_IDS = {
            { "empty", "" }, { "space", "%20" }, { "dot dot", ".." }, { "encoded dot dot", "%2e%2e" },
            { "encoded slash", "a%2Fb" }, { "encoded backslash", "a%5Cb" }, { "NUL", "%00" }, { "invalid byte", "%FF" },
            { "overlong slash", "%C0%AF" }, { "encoded surrogate", "%ED%A0%80" }, { "beyond U+10FFFF", "%F4%90%80%80" },
            { "right-to-left override", "a%E2%80%AEb" }, { "BOM", "%EF%BB%BF" }, { "Chinese", "%E8%AE%BE%E5%A4%87" },
            { "emoji", "%F0%9F%98%80" }, { "SQL", "'%20OR%201=1--" }, { "HTML", "%3Cscript%3E" },
            { "log4shell", "$%7Bjndi:ldap:%2F%2F127.0.0.1%2Fa%7D" }, { "double-encoded percent", "%2525" },
            { "matrix parameter", "a;b=c" }, { "negative", "-1" }, { "zero", "0" }, { "10 digits", "9999999999" },
            { "11 digits", "99999999999" }, { "huge number", "1" + "0".repeat(40) },
            { "nil UUID", "00000000-0000-0000-0000-000000000000" }, { "65 characters", "x".repeat(65) },
            { "3,000 characters", "x".repeat(3_000) }, { "10,000 characters (past the line limit)", "x".repeat(10_000) },
            { "CRLF", "a%0D%0ASet-Cookie:%20x=1" } };

    /** {label, already-encoded query value} */
    static final String[][] QUERY_VALUES = {
            { "empty", "" }, { "space", "%20" }, { "NUL", "%00" }, { "invalid byte", "%FF" },
            { "overlong slash", "%C0%AF" }, { "encoded surrogate", "%ED%A0%80" }, { "RTL", "%E2%80%AE" },
            { "Chinese", "%E8%AE%BE%E5%A4%87" }, { "negative", "-1" }, { "zero", "0" },
            { "huge number", "99999999999999999999" }, { "fraction", "1.5" }, { "NaN", "NaN" }, { "words", "abc" },
            { "SQL", "'%20OR%201=1--" }, { "array brackets", "%5B%5D" }, { "3,000 characters", "q".repeat(3_000) },
            { "10,000 characters (past the line limit)", "q".repeat(10_000) }, { "plus sign", "+86%2B+1" },
            { "email", "someone%40example.com" } };

    // ---------------------------------------------------------------- judging and reporting

    private static List<String> judge(Iterable<Outcome> outcomes) {
        Map<String, List<Outcome>> groups = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            String problem = departure(outcome);
            if (problem != null) {
                Endpoint e = outcome.fuzz().endpoint();
                groups.computeIfAbsent(e.service() + " | " + problem + " | " + kind(outcome.fuzz().category()),
                        k -> new ArrayList<>()).add(outcome);
            }
        }
        List<String> found = new ArrayList<>();
        groups.forEach((group, list) -> {
            Set<String> where = list.stream().map(o -> o.fuzz().endpoint().key()).collect(Collectors.toCollection(
                    java.util.TreeSet::new));
            Set<String> what = list.stream().map(o -> o.fuzz().category().replaceAll(" \\((valid|no) token\\)$", ""))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            found.add(group + " | " + list.size() + " answers on " + where.size() + " endpoints " + abbreviate(where)
                    + " to " + abbreviate(what) + "; e.g. " + list.get(0).fuzz().category() + ": "
                    + list.get(0).reply().describe());
        });
        return found;
    }

    /** Why this outcome breaks the contract, or null. */
    private static String departure(Outcome outcome) {
        Reply reply = outcome.reply();
        Case fuzz = outcome.fuzz();
        int status = reply.status();
        if (status >= 500 && httpLayer(outcome) && (status == 501 || status == 505)) {
            return null; // a protocol version no HTTP/1.x server speaks: the codec's own answer
        }
        if (status >= 500) {
            boolean shed = status == 503 && HASHING.contains(fuzz.endpoint().key())
                    && reply.header("Retry-After").isPresent() && reply.isProblem();
            return shed ? null : "5xx";
        }
        if (status == 0) {
            // an oversized upload may be cut off while the client still sends; its 100-continue twin must answer
            boolean cutOff = fuzz.category().contains("oversized") && !fuzz.category().contains("100-continue");
            return fuzz.codecLevel() || cutOff ? null : "no answer";
        }
        if (status >= 400 && !reply.isProblem()) {
            return httpLayer(outcome) ? null : status + " is no problem";
        }
        return null;
    }

    /**
     * Refused by the HTTP server before any application code: the codec's limits, and a body over the size limit
     * that comes in chunks or waits for 100-continue (the server answers 413 itself; one announced by its
     * Content-Length gets a problem).
     */
    private static boolean httpLayer(Outcome outcome) {
        String category = outcome.fuzz().category();
        return outcome.fuzz().codecLevel() || (outcome.reply().status() == 413 && category.contains("oversized")
                && (category.contains("chunked") || category.contains("100-continue")));
    }

    private static void report(List<Endpoint> endpoints, Iterable<Outcome> outcomes, double seconds,
            List<String> found) {
        Map<String, Map<Integer, Long>> perService = new TreeMap<>();
        Map<String, Long> perEndpoint = new TreeMap<>();
        Map<String, Long> perCategory = new TreeMap<>();
        Map<String, Long> codecLevel = new TreeMap<>();
        long total = 0;
        long shed = 0;
        for (Outcome outcome : outcomes) {
            total++;
            Endpoint e = outcome.fuzz().endpoint();
            perService.computeIfAbsent(e.service(), k -> new TreeMap<>()).merge(outcome.reply().status(), 1L, Long::sum);
            perEndpoint.merge(e.service() + " " + e.key(), 1L, Long::sum);
            perCategory.merge(kind(outcome.fuzz().category()), 1L, Long::sum);
            if (outcome.reply().status() == 503) {
                shed++;
            }
            if (httpLayer(outcome) && !outcome.reply().isProblem()) {
                codecLevel.merge(outcome.fuzz().category().replaceAll(" \\((valid|no) token\\)$", "") + " -> "
                        + (outcome.reply().status() == 0 ? "closed" : outcome.reply().status()), 1L, Long::sum);
            }
        }
        System.out.printf("[FuzzIT] %d requests in %.1f s against %d endpoints (%d from API.md, %d from OpenAPI "
                + "only)%n", total, seconds, endpoints.size(),
                endpoints.stream().filter(e -> e.origin().startsWith("API.md")).count(),
                endpoints.stream().filter(e -> e.origin().equals("OpenAPI")).count());
        perService.forEach((service, histogram) -> System.out.printf("  %-22s %5d requests, status histogram %s%n",
                service, histogram.values().stream().mapToLong(Long::longValue).sum(), histogram));
        System.out.println("  per category: " + perCategory);
        System.out.println("  per endpoint:");
        perEndpoint.forEach((endpoint, count) -> System.out.printf("    %-80s %d%n", endpoint, count));
        List<Outcome> slowest = new ArrayList<>();
        outcomes.forEach(slowest::add);
        slowest.sort((x, y) -> Long.compare(y.millis(), x.millis()));
        System.out.println("  slowest answers:");
        slowest.stream().limit(5).forEach(o -> System.out.printf("    %6d ms %s %s | %s%n", o.millis(),
                o.fuzz().endpoint().service(), o.fuzz().endpoint().key(), o.fuzz().category()));
        System.out.println("  503 answers (hashing pool shedding, allowed with Retry-After): " + shed);
        System.out.println("  refused by the HTTP layer before the application, without a problem body (allowed):");
        codecLevel.forEach((what, count) -> System.out.printf("    %-90s %d%n", what, count));
        System.out.printf("  departures from the contract: %d kinds%n", found.size());
        found.stream().limit(150).forEach(f -> System.out.println("  FOUND " + f));
    }

    // ---------------------------------------------------------------- small helpers

    private static String abbreviate(Set<String> items) {
        List<String> list = new ArrayList<>(items);
        return list.size() <= 4 ? list.toString() : list.subList(0, 4) + " and " + (list.size() - 4) + " more";
    }

    private static String expand(String template, Map<String, String> values) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(values.get(matcher.group(1))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String firstStringField(ObjectNode sample) {
        for (Iterator<Map.Entry<String, JsonNode>> it = sample.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isTextual()) {
                return field.getKey();
            }
        }
        return sample.fieldNames().hasNext() ? sample.fieldNames().next() : "a";
    }

    /** The sample with one field's value replaced by raw JSON text or bytes. */
    private static byte[] replaceValue(ObjectNode sample, String field, Object raw) {
        ObjectNode copy = sample.deepCopy();
        String marker = "\"@@" + UUID.randomUUID() + "@@\"";
        copy.put(field, marker.substring(1, marker.length() - 1));
        String json = new String(jsonBytes(copy), StandardCharsets.UTF_8);
        int at = json.indexOf(marker);
        byte[] before = bytes(json.substring(0, at));
        byte[] after = bytes(json.substring(at + marker.length()));
        byte[] middle = raw instanceof byte[] b ? b : bytes((String) raw);
        return concat(before, middle, after);
    }

    private static byte[] jsonBytes(JsonNode json) {
        try {
            return Http.JSON.writeValueAsBytes(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
