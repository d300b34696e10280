package dev.miaccount.notification.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An SMS provider on a free local port that dedups by {@code Idempotency-Key}, as real providers do: it records
 * every request, and sends (records in {@link #delivered}) a message only the first time it takes its key; a
 * request whose key it has taken already answers 200 at once and sends nothing. Per recipient it can answer 500
 * always ({@link #failFor}) or the first n times ({@link #failFirst}), refuse with a 4xx ({@link #rejectFor}), or
 * take the message at once and answer only after a delay ({@link #answerLateFor}).
 */
public final class FakeSmsProvider {

    public record Request(String authorization, String idempotencyKey, String to, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeSmsProvider instance;

    private final HttpServer server;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(daemon -> {
        Thread thread = new Thread(daemon, "fake-sms-provider-late-answers");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> delivered = new CopyOnWriteArrayList<>();
    private final Set<String> takenKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
    private final Map<String, Integer> rejecting = new ConcurrentHashMap<>();
    private final Map<String, Duration> answeringLate = new ConcurrentHashMap<>();

    private FakeSmsProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(daemon -> {
            Thread thread = new Thread(daemon, "fake-sms-provider");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/sms", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<?, ?> body = JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
        Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"), (String) body.get("to"),
                (String) body.get("text"));
        requests.add(request);
        String to = request.to();
        if (request.idempotencyKey() != null && takenKeys.contains(request.idempotencyKey())) {
            answer(exchange, 200); // a repeat: the first request sent it
            return;
        }
        if (failing.contains(to) || failFirst.getOrDefault(to, new AtomicInteger()).getAndDecrement() > 0) {
            answer(exchange, 500);
            return;
        }
        Integer refusal = rejecting.get(to);
        if (refusal != null) {
            answer(exchange, refusal);
            return;
        }
        if (request.idempotencyKey() != null) {
            takenKeys.add(request.idempotencyKey());
        }
        delivered.add(request);
        Duration delay = answeringLate.get(to);
        if (delay == null) {
            answer(exchange, 202);
        } else {
            later.schedule(() -> answer(exchange, 202), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void answer(HttpExchange exchange, int status) {
        byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // the client stopped waiting (its timeout): the message was taken all the same
        } finally {
            exchange.close();
        }
    }

    public static synchronized FakeSmsProvider get() {
        if (instance == null) {
            try {
                instance = new FakeSmsProvider();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sms";
    }

    /** 500 to every request for this recipient. */
    public void failFor(String to) {
        failing.add(to);
    }

    /** 500 to the first {@code times} requests for this recipient, then as usual. */
    public void failFirst(String to, int times) {
        failFirst.put(to, new AtomicInteger(times));
    }

    /** This status (a 4xx) to every request for this recipient: the provider refuses the message. */
    public void rejectFor(String to, int status) {
        rejecting.put(to, status);
    }

    /** Takes each new message for this recipient at once and answers {@code delay} later. */
    public void answerLateFor(String to, Duration delay) {
        answeringLate.put(to, delay);
    }

    /** Every request for this recipient, repeats included. */
    public List<Request> to(String to) {
        return requests.stream().filter(r -> to.equals(r.to())).toList();
    }

    /** Every request carrying this idempotency key. */
    public List<Request> withKey(String key) {
        return requests.stream().filter(r -> key.equals(r.idempotencyKey())).toList();
    }

    /** The messages this recipient got: one per idempotency key. */
    public List<Request> delivered(String to) {
        return delivered.stream().filter(r -> to.equals(r.to())).toList();
    }
}
