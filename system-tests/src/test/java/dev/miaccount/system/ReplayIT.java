package dev.miaccount.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.miaccount.events.Topics;
import dev.miaccount.infra.LocalStack;
import dev.miaccount.testing.ConsumerGroups;
import dev.miaccount.testing.SystemUnderTest;

/**
 * R3 of issue 12: every consumer group of the services rewound to offset 0 (the services stopped, the offsets reset
 * with Kafka's admin client, the services started) and everything read again: no state change, no alert, no new
 * outbox row, no new record on any topic.
 */
class ReplayIT {

    private static final List<String> SERVICES = List.of("account-service", "device-service", "notification-service");
    private static final List<String> TOPICS = List.of(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS,
            Topics.NOTIFICATION_EVENTS);

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void r3EveryConsumerGroupReadFromOffsetZeroAgainChangesNothing() {
        LocalStack stack = SystemUnderTest.stack();
        // whatever ran before, one whole flow to read again: register, sign in on a phone, delete it, its alert
        Flows.Account account = Flows.register();
        // notification-service knows the address once the welcome is out: account-events and device-events are
        // read independently, and an alert for an account whose registration it has not read yet is a FAILED
        // delivery (no address known), as SecurityAlertTest shows
        await().atMost(Duration.ofSeconds(60)).until(() -> io.restassured.RestAssured.given()
                .baseUri(SystemUnderTest.notification()).get("/api/v1/sandbox/messages?to={to}", account.email())
                .then().extract().jsonPath().getList("subject", String.class).size() >= 1);
        Flows.Phone phone = Flows.signInOnPhone(account, false);
        Flows.awaitState(phone.token(), phone.deviceId(), "BOUND");
        Flows.devices(phone.token()).delete("/api/v1/devices/{id}", phone.deviceId()).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> io.restassured.RestAssured.given()
                .baseUri(SystemUnderTest.notification()).get("/api/v1/sandbox/messages?to={to}", account.email())
                .then().extract().jsonPath().getList("subject", String.class).stream()
                .anyMatch(subject -> subject.startsWith("Security alert")));

        try (ConsumerGroups groups = new ConsumerGroups(SystemUnderTest.kafka())) {
            // quiet first: everything read, everything published, nothing moving
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> SERVICES.stream().allMatch(group -> groups.lag(group) == 0) && ServiceDatabases
                            .DATABASES.stream().allMatch(db -> ServiceDatabases.number(db,
                                    "SELECT count(*) FROM outbox_event WHERE published_at IS NULL") == 0));
            Map<String, String> before = await().atMost(Duration.ofMinutes(1)).pollDelay(Duration.ofSeconds(2))
                    .until(ServiceDatabases::fingerprint, new java.util.function.Predicate<>() {
                        private Map<String, String> last;

                        @Override
                        public boolean test(Map<String, String> now) {
                            boolean stable = now.equals(last);
                            last = now;
                            return stable;
                        }
                    });
            Map<TopicPartition, Long> ends = groups.endOffsets(partitions());

            long started = System.nanoTime();
            SERVICES.parallelStream().forEach(stack::stop);
            Map<String, Long> rewound = new HashMap<>();
            SERVICES.forEach(group -> rewound.put(group, groups.rewindToEarliest(group)));
            SERVICES.stream().map(stack::launch).toList().forEach(service -> service.awaitReady(Duration.ofMinutes(2)));
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> SERVICES.stream().allMatch(group -> groups.lag(group) == 0));
            double replayed = (System.nanoTime() - started) / 1e9;
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);

            Map<String, String> after = ServiceDatabases.fingerprint();
            Map<String, String> changed = after.entrySet().stream()
                    .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> before.get(e.getKey()) + " -> " + e.getValue()));
            long newRecords = groups.endOffsets(ends.keySet()).entrySet().stream()
                    .mapToLong(e -> e.getValue() - ends.get(e.getKey())).sum();
            System.out.printf("FAULT DRILL R3 every consumer group from offset 0: %s records read again in %.1f s"
                    + " (stop, rewind, start, catch up); %d tables compared, %d changed, %d new records on the"
                    + " topics%n", rewound, replayed, after.size(), changed.size(), newRecords);
            assertThat(changed).as("tables changed by the replay").isEmpty();
            assertThat(newRecords).as("records published by the replay").isZero();
            assertThat(rewound.values()).allMatch(records -> records > 0);
        }
    }

    private static List<TopicPartition> partitions() {
        return TOPICS.stream().flatMap(topic -> IntStream.range(0, FaultDrill.DEVICE_EVENT_PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p))).toList();
    }

}
