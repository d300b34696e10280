package dev.miaccount.notification.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import dev.miaccount.events.PersonalData;
import dev.miaccount.infra.SigningKeys;
import dev.miaccount.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Plays account-service's internal data-key API for notification-service's tests, over real HTTP (the system tests
 * run the real one): each account the tests make gets a key here, and {@link #erase} destroys it, as the account's
 * erasure does. Like the real one, it answers 401 without the service credential and 404 for an account with no key.
 */
public class AccountDataKeysStub implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, byte[]> KEYS = new ConcurrentHashMap<>();
    private static final Pattern PATH = Pattern.compile("/internal/v1/accounts/([0-9]{10})/data-key");

    private HttpServer server;

    /** The account's key, made on first use. */
    public static byte[] keyOf(String accountId) {
        return KEYS.computeIfAbsent(accountId, id -> PersonalData.newKey());
    }

    /** The account's personal data as account-service's events carry it. */
    public static String seal(String accountId, String json) {
        return PersonalData.seal(keyOf(accountId), accountId, json);
    }

    /** The account is erased: its key is gone. */
    public static void erase(String accountId) {
        KEYS.remove(accountId);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String credential = "Bearer " + SigningKeys.internalToken(RealInfrastructure.keyDir());
        server.createContext("/internal/v1/accounts/", exchange -> {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            int status;
            byte[] body = new byte[0];
            if (!credential.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
            } else if (!path.matches() || !KEYS.containsKey(path.group(1))) {
                status = 404;
            } else {
                status = 200;
                body = ("{\"accountId\":\"" + path.group(1) + "\",\"key\":\""
                        + Base64.getEncoder().encodeToString(KEYS.get(path.group(1))) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.account-data-keys.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
