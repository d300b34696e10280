package dev.miaccount.device.erasure;

import static dev.miaccount.device.support.Phones.accountDeletionStarted;
import static dev.miaccount.device.support.Phones.newAccountId;
import static dev.miaccount.device.support.Phones.newDeviceId;
import static dev.miaccount.device.support.Phones.signInOnPhone;
import static dev.miaccount.device.support.Phones.signInOnWeb;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.miaccount.device.support.Phones.Session;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.quarkus.test.junit.QuarkusTest;

/**
 * device-service's step of an account's erasure: every phone of the account goes (the LOCKED one too, its lock
 * lifted), the account and every link to it are forgotten, once, and the phones bind to anyone afterwards.
 */
@QuarkusTest
class AccountRemovalTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void everyPhoneOfTheAccountIsFreedOnceLockedOnesToo() {
        String accountId = newAccountId();
        Session bound = signInOnPhone(accountId, newDeviceId(), "GLOBAL", true);
        Session toLock = signInOnPhone(accountId, newDeviceId(), "CHINA", true);
        Session web = signInOnWeb(accountId);
        awaitState(web, bound.deviceId(), "BOUND");
        awaitState(web, toLock.deviceId(), "BOUND");
        toLock.call().post("/api/v1/devices/{id}/factory-reset", toLock.deviceId()).then().statusCode(202);
        awaitState(web, toLock.deviceId(), "LOCKED");
        // another account's phone stays as it is
        String someoneElses = newAccountId();
        Session other = signInOnPhone(someoneElses, newDeviceId(), "GLOBAL", false);
        awaitState(other, other.deviceId(), "BOUND");
        assertThat(locked(bound.deviceId())).isTrue();
        assertThat(locked(toLock.deviceId())).isTrue();

        try (TopicReader reader = new TopicReader(List.of(Topics.DEVICE_EVENTS))) {
            String flowId = UUID.randomUUID().toString();
            accountDeletionStarted(accountId, flowId);
            accountDeletionStarted(accountId, flowId); // asked twice (a second event): the phones are gone already
            String marker = UUID.randomUUID().toString();
            accountDeletionStarted(newAccountId(), marker);

            List<Received> removed = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> EventTypes.DEVICE_ACCOUNT_DEVICES_REMOVED.equals(r.header("ce_type"))).toList(),
                    events -> events.stream().anyMatch(r -> marker.equals(r.header("ce_flowid"))));
            List<Received> ours = removed.stream().filter(r -> accountId.equals(r.key())).toList();
            assertThat(ours).hasSize(2).allMatch(r -> flowId.equals(r.header("ce_flowid")));
            assertThat(ours.get(0).value()).contains(bound.deviceId()).contains(toLock.deviceId())
                    .doesNotContain(other.deviceId());
            assertThat(ours.get(1).value()).contains("\"deviceIds\":[]");
        }

        assertThat(locked(bound.deviceId())).isFalse();
        assertThat(locked(toLock.deviceId())).isFalse();
        // anyone binds them now
        String buyer = newAccountId();
        Session bought = signInOnPhone(buyer, toLock.deviceId(), "CHINA", false);
        Session buyerWeb = signInOnWeb(buyer);
        awaitState(buyerWeb, bought.deviceId(), "BOUND");
        awaitState(buyerWeb, signInOnPhone(buyer, bound.deviceId(), "GLOBAL", false).deviceId(), "BOUND");
        awaitState(other, other.deviceId(), "BOUND");
    }

    private static boolean locked(String deviceId) {
        return given().get("/api/v1/devices/{id}/activation-lock", deviceId).then().statusCode(200).extract()
                .path("locked");
    }

    private static void awaitState(Session session, String deviceId, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> session.call().get("/api/v1/devices/{id}", deviceId).then()
                .statusCode(200).body("state", equalTo(state)));
    }
}
