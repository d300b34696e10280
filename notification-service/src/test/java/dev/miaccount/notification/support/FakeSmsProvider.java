package dev.miaccount.notification.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** An SMS provider on a free local port: records each request; answers 500 for the recipients told to fail. */
public final class FakeSmsProvider {

    public record Request(String authorization, String to, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeSmsProvider instance;

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    private FakeSmsProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sms", exchange -> {
            Map<?, ?> body = JSON.readValue(exchange.getRequestBody().readAllBytes(), Map.class);
            Request request = new Request(exchange.getRequestHeaders().getFirst("Authorization"),
                    (String) body.get("to"), (String) body.get("text"));
            requests.add(request);
            int status = failing.contains(request.to()) ? 500 : 202;
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
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

    public void failFor(String to) {
        failing.add(to);
    }

    public List<Request> to(String to) {
        return requests.stream().filter(r -> to.equals(r.to())).toList();
    }
}
