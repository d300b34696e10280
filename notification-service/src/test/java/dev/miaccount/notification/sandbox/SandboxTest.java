package dev.miaccount.notification.sandbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The sandbox inbox on (the %test profile), read from this machine: one recipient at a time. */
@QuarkusTest
class SandboxTest {

    @Test
    void withoutARecipientItIsAValidationProblemNamingTo() {
        given().get("/api/v1/sandbox/messages").then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("to"));
        given().get("/api/v1/sandbox/messages?to=").then().statusCode(400).body("errors[0].field", equalTo("to"));
        given().queryParam("to", "  ").queryParam("limit", 10).get("/api/v1/sandbox/messages").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
    }

    @Test
    void itIsOffInEveryProfileButTheTests() {
        Properties properties = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(properties.getProperty("miaccount.sandbox.enabled")).isEqualTo("false");
        assertThat(properties.stringPropertyNames()).filteredOn(name -> name.endsWith(".miaccount.sandbox.enabled"))
                .containsExactly("%test.miaccount.sandbox.enabled");
    }

    @Test
    void onlyLiteralLoopbackAddressesAreLocal() {
        assertThat(SandboxResource.loopback("127.0.0.1")).isTrue();
        assertThat(SandboxResource.loopback("127.8.9.10")).isTrue();
        assertThat(SandboxResource.loopback("::1")).isTrue();
        assertThat(SandboxResource.loopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(SandboxResource.loopback("::ffff:127.0.0.1")).isTrue();
        assertThat(SandboxResource.loopback("192.0.2.2")).isFalse();
        assertThat(SandboxResource.loopback("10.0.0.1")).isFalse();
        assertThat(SandboxResource.loopback("172.17.0.1")).isFalse();
        assertThat(SandboxResource.loopback("fd00::2")).isFalse();
        assertThat(SandboxResource.loopback("0.0.0.0")).isFalse();
        assertThat(SandboxResource.loopback("localhost")).as("a name is never resolved").isFalse();
        assertThat(SandboxResource.loopback("")).isFalse();
        assertThat(SandboxResource.loopback(null)).isFalse();
    }
}
