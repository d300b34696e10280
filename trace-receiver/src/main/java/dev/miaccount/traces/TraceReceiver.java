package dev.miaccount.traces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Where the services send their spans when no trace backend runs: OTLP over HTTP ({@code POST /v1/traces},
 * protobuf, gzip or not) on one port, and on another a read API in the shape of Jaeger's
 * ({@code GET /api/traces/{traceId}}, {@code GET /api/services}), so that a test or a person reads a trace the same
 * way from this receiver and from Jaeger. It keeps the most recent {@value #MAX_TRACES} traces in memory.
 *
 * <p>{@code java -jar trace-receiver.jar [otlpPort [queryPort]]} (defaults 4318 and 16686, Jaeger's).
 */
public final class TraceReceiver implements AutoCloseable {

    static final int MAX_TRACES = 20_000;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final Map<String, List<Span>> traces = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Span>> eldest) {
            return size() > MAX_TRACES;
        }
    };
    private final HttpServer otlp;
    private final HttpServer query;

    private TraceReceiver(HttpServer otlp, HttpServer query) {
        this.otlp = otlp;
        this.query = query;
    }

    /** Starts both listeners on {@code host}; port 0 picks a free one. */
    public static TraceReceiver start(String host, int otlpPort, int queryPort) throws IOException {
        HttpServer otlp = HttpServer.create(new InetSocketAddress(host, otlpPort), 64);
        HttpServer query = HttpServer.create(new InetSocketAddress(host, queryPort), 64);
        TraceReceiver receiver = new TraceReceiver(otlp, query);
        otlp.createContext("/v1/traces", receiver::receive);
        otlp.createContext("/", exchange -> respond(exchange, 200, "text/plain", "OTLP/HTTP receiver\n"));
        query.createContext("/api/traces/", receiver::trace);
        query.createContext("/api/services", receiver::services);
        query.createContext("/", exchange -> respond(exchange, 200, "text/plain",
                "trace receiver: " + receiver.traceCount() + " traces; GET /api/traces/{traceId}\n"));
        for (HttpServer server : List.of(otlp, query)) {
            server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "trace-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
        }
        return receiver;
    }

    public static void main(String[] args) throws IOException {
        int otlpPort = args.length > 0 ? Integer.parseInt(args[0]) : 4318;
        int queryPort = args.length > 1 ? Integer.parseInt(args[1]) : 16686;
        TraceReceiver receiver = start("0.0.0.0", otlpPort, queryPort);
        System.out.printf("trace receiver: OTLP/HTTP on :%d, traces on :%d%n", receiver.otlpPort(),
                receiver.queryPort());
    }

    public int otlpPort() {
        return otlp.getAddress().getPort();
    }

    public int queryPort() {
        return query.getAddress().getPort();
    }

    /** The spans of one trace received so far, by start time; empty when none. */
    public synchronized List<Span> spans(String traceId) {
        List<Span> spans = new ArrayList<>(traces.getOrDefault(traceId.toLowerCase(), List.of()));
        spans.sort(Comparator.comparingLong(Span::startNanos));
        return spans;
    }

    synchronized int traceCount() {
        return traces.size();
    }

    synchronized void add(List<Span> spans) {
        for (Span span : spans) {
            traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "text/plain", "POST only\n");
            return;
        }
        byte[] body;
        try (InputStream raw = exchange.getRequestBody();
                InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(raw) : raw) {
            body = readAtMost(in, MAX_BODY);
        }
        if (body == null) {
            respond(exchange, 413, "text/plain", "request too large\n");
            return;
        }
        try {
            add(OtlpSpans.decode(body));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "text/plain", "not an OTLP protobuf trace export: " + e.getMessage() + "\n");
            return;
        }
        // an empty ExportTraceServiceResponse: everything accepted
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private void trace(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/api/traces/".length());
        List<Span> spans = spans(id);
        if (spans.isEmpty()) {
            respond(exchange, 404, "application/json", "{\"data\":[],\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}");
            return;
        }
        respond(exchange, 200, "application/json", JaegerJson.trace(id.toLowerCase(), spans));
    }

    private void services(HttpExchange exchange) throws IOException {
        TreeSet<String> services = new TreeSet<>();
        synchronized (this) {
            traces.values().forEach(spans -> spans.forEach(span -> services.add(span.service())));
        }
        respond(exchange, 200, "application/json", JaegerJson.services(services));
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0;) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                return null;
            }
        }
        return out.toByteArray();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        otlp.stop(0);
        query.stop(0);
    }
}
