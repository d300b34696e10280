package dev.miaccount.device.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.miaccount.testing.MutableClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * device-service behind a load balancer at 127.0.0.2, trusted through quarkus.http.proxy.*: the lock check is
 * limited per forwarded client address, in the count every replica shares, and a forwarding header from anyone
 * but the load balancer is ignored.
 */
@QuarkusTest
@TestProfile(LockCheckBehindLoadBalancerTest.BehindALoadBalancer.class)
class LockCheckBehindLoadBalancerTest {

    private static final String LOAD_BALANCER = "127.0.0.2";
    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class BehindALoadBalancer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", LOAD_BALANCER,
                    "miaccount.client-limit.lock-check", "300");
        }
    }

    @TestHTTPResource("/")
    URL service;

    @Inject
    Pool pool;

    @Test
    void theLimitCountsTheForwardedClientInTheCountOfAllReplicas() throws IOException {
        String client = "203.0.113.50";
        // Another replica has counted the whole minute for this client already (the next minute too, so that the
        // minute turning during the test changes nothing).
        long minute = MutableClock.INSTANCE.millis() / 60_000;
        for (long m = minute; m <= minute + 1; m++) {
            pool.preparedQuery("""
                    INSERT INTO client_limit_window (limit_name, client, window_start, calls) VALUES ($1, $2, $3, 300)
                    ON CONFLICT (limit_name, client, window_start) DO UPDATE SET calls = 300
                    """).execute(Tuple.of("lock-check", client,
                    Instant.ofEpochMilli(m * 60_000).atOffset(ZoneOffset.UTC))).await().atMost(WAIT);
        }

        assertThat(lockCheck(LOAD_BALANCER, client)).isEqualTo(429);
        assertThat(lockCheck(LOAD_BALANCER, "203.0.113.51")).isEqualTo(200); // another client behind it
        // the same header from a peer that is not the load balancer is the peer's own claim: its own address counts
        assertThat(lockCheck("127.0.0.3", client)).isEqualTo(200);
    }

    /** @return the status of a lock check sent from {@code from} with X-Forwarded-For {@code forwardedFor} */
    private int lockCheck(String from, String forwardedFor) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), service.getPort()),
                    (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/devices/any-phone/activation-lock HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Forwarded-For: " + forwardedFor + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 ");
            return Integer.parseInt(answer.substring(9, 12));
        }
    }
}
