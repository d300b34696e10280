package dev.miaccount.notification.exposed;

import static dev.miaccount.notification.support.Accounts.INTERNAL_TOKEN;
import static dev.miaccount.notification.support.Accounts.awaitCode;
import static dev.miaccount.notification.support.Accounts.newAccountId;
import static dev.miaccount.notification.support.Accounts.phoneOf;
import static dev.miaccount.notification.support.Accounts.registered;
import static dev.miaccount.notification.support.Accounts.resetRequested;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.miaccount.notification.support.ExposedProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Reachable from other machines, the service still shows its sandbox only to this machine, and without a
 * configured service credential its internal API refuses everyone.
 */
@QuarkusTest
@TestProfile(ExposedProfile.class)
class ExposedServiceTest {

    @TestHTTPResource("/")
    URL local;

    @Test
    void theSandboxAnswersAClientOnAnotherAddressAsIfItWereOff() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone); // read from the sandbox over loopback

        String remote = "http://" + nonLoopbackAddress().getHostAddress() + ":" + local.getPort();
        given().baseUri(remote).get("/api/v1/sandbox/messages?to={to}", phone).then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("the sandbox gateway is off"));
        given().baseUri(remote).get("/api/v1/sandbox/messages").then().statusCode(404);
        given().baseUri(remote).header("X-Forwarded-For", "127.0.0.1").header("Forwarded", "for=127.0.0.1")
                .get("/api/v1/sandbox/messages?to={to}", phone).then().statusCode(404);
        // the same service answers that client's other calls: only the sandbox is local
        given().baseUri(remote).get("/api/v1/notifications").then().statusCode(401);
        given().get("/api/v1/sandbox/messages?to={to}", phone).then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void withoutAConfiguredCredentialTheInternalApiRefusesEveryone() {
        String accountId = newAccountId();
        String phone = phoneOf(accountId);
        registered(accountId, null, phone);
        String resetId = resetRequested(accountId);
        String code = awaitCode(phone, 1);

        for (String authorization : new String[] {"Bearer " + INTERNAL_TOKEN, "Bearer ", "Bearer null"}) {
            given().header("Authorization", authorization).contentType(ContentType.JSON)
                    .body(Map.of("accountId", accountId, "code", code))
                    .post("/internal/v1/verification-codes/{resetId}/check", resetId).then().statusCode(401)
                    .contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).body(Map.of("accountId", accountId, "code", code))
                .post("/internal/v1/verification-codes/{resetId}/check", resetId).then().statusCode(401);
    }

    /** This machine's address on a network interface: a client there is not on loopback. */
    private static InetAddress nonLoopbackAddress() {
        try {
            Optional<InetAddress> found = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(ExposedServiceTest::up)
                    .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress())
                    .findFirst();
            assertThat(found).as("this test needs a network interface besides loopback").isPresent();
            return found.get();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean up(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
