package dev.miaccount.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.Topics;
import dev.miaccount.infra.LocalStack;
import dev.miaccount.testing.ConsumerGroups;
import dev.miaccount.testing.SystemUnderTest;
import dev.miaccount.testing.TopicReader;
import dev.miaccount.testing.TopicReader.Received;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Issue 17 on the packaged services: an account with two phones (one LOCKED), a reset in progress and deliveries is
 * deleted; afterwards no table of the three databases and no retained record of any topic (dead letters included)
 * holds its email, phone or name; both phones bind to a new account; its tokens are refused everywhere; its
 * identifiers answer as unknown ones; and notification-service, made to read every record of the account again as a
 * fresh consumer would, brings none of it back.
 */
class AccountErasureIT {

    private static final Pattern CODE = Pattern.compile("verification code is (\\d{6})");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @BeforeAll
    static void start() {
        SystemUnderTest.stack();
    }

    @Test
    void deletingTheAccountLeavesNothingPersonalAnywhereAndFreesItsPhones() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "erase-" + tag + "@example.com";
        String phone = "+86139" + (10_000_000 + (long) (Math.random() * 89_999_999));
        String name = "Erasable Fan " + tag;
        String accountId = given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "phone", phone, "password", Flows.PASSWORD, "displayName", name))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        Flows.Account account = new Flows.Account(accountId, email);

        // two phones, one of them LOCKED by a factory reset with Find device on
        Flows.Phone bound = Flows.signInOnPhone(account, true);
        Flows.Phone locked = Flows.signInOnPhone(account, true);
        Flows.awaitState(bound.token(), bound.deviceId(), "BOUND");
        Flows.awaitState(locked.token(), locked.deviceId(), "BOUND");
        String web = Flows.signInOnWeb(account);
        Flows.devices(locked.token()).post("/api/v1/devices/{id}/factory-reset", locked.deviceId()).then()
                .statusCode(202);
        Flows.awaitState(web, locked.deviceId(), "LOCKED");
        // the password again, then the code sent to the phone
        String deletionId = Flows.accounts(web).header("X-Step-Up-Token", Flows.stepUp(web))
                .post("/api/v1/accounts/me/deletion").then().statusCode(202).extract().path("deletionId");
        String code = awaitCodes(phone, 1).get(0);
        // meanwhile a reset in progress (its code refused by the phone's resend cooldown: a FAILED delivery), beside
        // the welcome and the deletion code
        given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON).body(Map.of("identifier", email))
                .post("/api/v1/password-resets").then().statusCode(202);
        Map<String, Instant> steps = new LinkedHashMap<>();
        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS, Topics.DEVICE_EVENTS,
                Topics.NOTIFICATION_EVENTS))) {
            long confirmed = System.nanoTime();
            String flowId = Flows.accounts(web).body(Map.of("code", code))
                    .post("/api/v1/accounts/me/deletion/{id}/confirm", deletionId).then().statusCode(202)
                    .extract().path("flowId");
            List<Received> flow = await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .filter(r -> flowId.equals(r.header("ce_flowid"))).toList(),
                    events -> events.stream().anyMatch(type(EventTypes.NOTIFICATION_ACCOUNT_ERASED)));
            double total = (System.nanoTime() - confirmed) / 1e6;
            for (String step : List.of(EventTypes.ACCOUNT_DELETION_STARTED, EventTypes.DEVICE_ACCOUNT_DEVICES_REMOVED,
                    EventTypes.ACCOUNT_DELETED, EventTypes.NOTIFICATION_ACCOUNT_ERASED)) {
                assertThat(flow).filteredOn(type(step)).as(step).hasSize(1);
                steps.put(step, Instant.parse(flow.stream().filter(type(step)).findFirst().orElseThrow()
                        .header("ce_time")));
            }
            assertThat(flow).filteredOn(type(EventTypes.NOTIFICATION_SENT))
                    .allMatch(event -> event.value().contains("\"reason\":\"ACCOUNT_DELETED\"")).hasSize(2);
            // the web session and the bound phone's (the reset ended the locked phone's session already)
            assertThat(flow).filteredOn(type(EventTypes.SESSION_REVOKED)).hasSize(2);
            System.out.printf("ERASURE confirm -> notification.account-erased.v1: %.0f ms; steps (event times): %s%n",
                    total, between(steps));
        }

        List<String> personal = List.of(email, phone, name);
        assertThat(ServiceDatabases.rowsHolding(personal)).as("rows holding the email, phone or name").isEmpty();
        assertThat(recordsHolding(personal)).as("retained records holding the email, phone or name").isEmpty();

        // its tokens are refused everywhere
        for (String token : List.of(web, bound.token(), locked.token())) {
            Flows.accounts(token).get("/api/v1/accounts/me").then().statusCode(401);
            Flows.devices(token).get("/api/v1/devices").then().statusCode(401);
            given().baseUri(SystemUnderTest.notification()).auth().oauth2(token).get("/api/v1/notifications")
                    .then().statusCode(401);
        }
        // its identifiers answer as unknown ones
        Map<String, String> unknownOfTheSameKind = Map.of(email, "nobody-" + tag + "@example.com",
                phone, "+86139" + (10_000_000 + (long) (Math.random() * 89_999_999)), accountId, "1000000000");
        for (Map.Entry<String, String> identifiers : unknownOfTheSameKind.entrySet()) {
            Response unknown = signIn(identifiers.getValue());
            Response erased = signIn(identifiers.getKey());
            assertThat(erased.statusCode()).isEqualTo(unknown.statusCode());
            assertThat(erased.<String>path("type")).isEqualTo(unknown.path("type"));
            assertThat(erased.<String>path("detail")).isEqualTo(unknown.path("detail"));
        }
        given().baseUri(SystemUnderTest.accountInternal()).header("Authorization", "Bearer "
                + SystemUnderTest.stack().config("account-service", "miaccount.internal.token"))
                .get("/internal/v1/accounts/{id}/data-key", accountId).then().statusCode(404);

        replayAsAFreshNotificationService(accountId);
        assertThat(ServiceDatabases.rowsHolding(personal)).as("rows holding it after the replay").isEmpty();

        // both phones read not locked, and bind to a new account
        for (Flows.Phone old : List.of(bound, locked)) {
            given().baseUri(SystemUnderTest.device()).get("/api/v1/devices/{id}/activation-lock", old.deviceId())
                    .then().statusCode(200).body("locked", org.hamcrest.Matchers.equalTo(false));
        }
        Flows.Account buyer = Flows.register();
        for (Flows.Phone old : List.of(bound, locked)) {
            String token = Flows.signInOnPhone(buyer, old.deviceId(), false);
            Flows.awaitState(token, old.deviceId(), "BOUND");
        }
        // the same email and phone register again, as a new account
        given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "phone", phone, "password", Flows.PASSWORD))
                .post("/api/v1/accounts").then().statusCode(201)
                .body("accountId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.equalTo(accountId)));
    }

    /**
     * notification-service is the one consumer that could bring personal data back: it forgets it ever processed
     * the account's records, as a fresh consumer would, its group is rewound to offset 0 and it reads everything
     * again. The account's key is gone, so its registration and profile open to nothing.
     */
    private static void replayAsAFreshNotificationService(String accountId) {
        LocalStack stack = SystemUnderTest.stack();
        List<String> ids = new ArrayList<>();
        try (TopicReader reader = new TopicReader(List.of(Topics.ACCOUNT_EVENTS))) {
            await().atMost(PATIENCE).until(() -> reader.poll().stream()
                    .anyMatch(r -> accountId.equals(r.key()) && type(EventTypes.ACCOUNT_DELETED).test(r)));
            reader.poll().stream().filter(r -> accountId.equals(r.key())).forEach(r -> ids.add(r.header("ce_id")));
        }
        try (ConsumerGroups groups = new ConsumerGroups(SystemUnderTest.kafka())) {
            stack.stop("notification-service");
            ServiceDatabases.forgetProcessed("notification", ids);
            long rewound = groups.rewindToEarliest("notification-service");
            stack.start("notification-service");
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> groups.lag("notification-service") == 0);
            assertThat(rewound).isPositive();
            assertThat(ids).allMatch(id -> ServiceDatabases.processed("notification", "account-events", id));
        }
    }

    private static Response signIn(String identifier) {
        return given().baseUri(SystemUnderTest.account()).contentType(ContentType.JSON)
                .body(Map.of("identifier", identifier, "password", Flows.PASSWORD)).post("/api/v1/sessions");
    }

    /** Every retained record of every topic, read from offset 0: those whose key, value or headers hold a needle. */
    private static List<String> recordsHolding(List<String> needles) {
        try (ConsumerGroups groups = new ConsumerGroups(SystemUnderTest.kafka())) {
            List<String> topics = groups.topics().stream().filter(topic -> !topic.startsWith("__")).sorted().toList();
            Map<String, Long> retained = groups.retained(topics);
            try (TopicReader reader = new TopicReader(topics)) {
                // everything each topic retained when the scan began (later records only add to it)
                List<Received> all = await().atMost(PATIENCE).until(reader::poll, read -> retained.entrySet()
                        .stream().allMatch(topic -> read.stream().filter(r -> r.topic().equals(topic.getKey()))
                                .count() >= topic.getValue()));
                System.out.printf("ERASURE scanned every retained record of %d topics, dead letters included: %s%n",
                        topics.size(), retained);
                return all.stream().filter(r -> holds(r, needles))
                        .map(r -> r.topic() + " " + r.header("ce_type") + " " + r.key()).toList();
            }
        }
    }

    private static boolean holds(Received record, List<String> needles) {
        StringBuilder all = new StringBuilder().append(record.key()).append(' ').append(record.value());
        record.headers().values().forEach(value -> all.append(' ').append(value));
        String text = all.toString().toLowerCase(Locale.ROOT);
        return needles.stream().anyMatch(needle -> text.contains(needle.toLowerCase(Locale.ROOT)));
    }

    /** The codes in the phone's sandbox inbox, newest first, once there are at least {@code count}. */
    private static List<String> awaitCodes(String phone, int count) {
        return await().atMost(PATIENCE).until(() -> given().baseUri(SystemUnderTest.notification())
                .urlEncodingEnabled(true).queryParam("to", phone).get("/api/v1/sandbox/messages").then()
                .statusCode(200).extract().jsonPath().getList("body", String.class).stream()
                .map(CODE::matcher).filter(Matcher::find).map(m -> m.group(1)).toList(),
                codes -> codes.size() >= count);
    }

    private static String between(Map<String, Instant> steps) {
        StringBuilder out = new StringBuilder();
        Instant previous = null;
        for (Map.Entry<String, Instant> step : steps.entrySet()) {
            out.append(step.getKey());
            if (previous != null) {
                out.append(" +").append(Duration.between(previous, step.getValue()).toMillis()).append(" ms");
            }
            out.append("; ");
            previous = step.getValue();
        }
        return out.toString();
    }

    private static java.util.function.Predicate<Received> type(String type) {
        return event -> type.equals(event.header("ce_type"));
    }
}
