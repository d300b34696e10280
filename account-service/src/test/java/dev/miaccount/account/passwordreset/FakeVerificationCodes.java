package dev.miaccount.account.passwordreset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import dev.miaccount.infra.SigningKeys;
import dev.miaccount.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays notification-service's internal code check for account-service's own tests, over real HTTP (the system
 * tests run the real one). A test says which code a reset or contact change expects; a right code is accepted
 * once. Like the real one, it answers 401 to a call without the service credential.
 */
public class FakeVerificationCodes implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> EXPECTED = new ConcurrentHashMap<>();
    private static final Map<String, String> FORCED = new ConcurrentHashMap<>();
    private static final Pattern PATH = Pattern.compile("/internal/v1/verification-codes/([^/]+)/check");
    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");

    private HttpServer server;

    public static void expect(String resetId, String code) {
        EXPECTED.put(resetId, code);
    }

    /** Every check of this reset answers {@code result} (for example EXHAUSTED). */
    public static void answer(String resetId, String result) {
        FORCED.put(resetId, result);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String credential = "Bearer " + SigningKeys.internalToken(RealInfrastructure.keyDir());
        server.createContext("/internal/v1/verification-codes/", exchange -> {
            if (!credential.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            Matcher code = CODE.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String result = "INVALID";
            if (path.matches() && code.find()) {
                String resetId = path.group(1);
                result = FORCED.containsKey(resetId) ? FORCED.get(resetId)
                        : EXPECTED.remove(resetId, code.group(1)) ? "VALID" : "INVALID";
            }
            byte[] body = ("{\"result\":\"" + result + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.verification-codes.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
