package dev.miaccount.security;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.miaccount.security.Api.Account;
import dev.miaccount.security.Api.Session;
import dev.miaccount.security.Http.Reply;

/**
 * S2, who may do what: every authenticated endpoint of the three services, called by the rightful caller and by
 * every other kind of caller — another account, a revoked session, another phone's session of the same account,
 * no token. Only the rightful caller passes; the others get 401 (no or revoked session) or 403/404 (someone else's
 * thing) as a problem, and a refused call changes nothing. Calls that change state run their refusals first, on a
 * fixture of their own, and the rightful call last.
 */
@Order(2)
class AuthorizationMatrixIT {

    /** The kinds of caller; the target is always the fixture account's phone 1 or the account itself. */
    enum Role {
        OWNER_WEB, OWN_PHONE, OTHER_PHONE, OTHER_ACCOUNT, REVOKED_WEB, REVOKED_PHONE, NO_TOKEN
    }

    /** What a caller must get: a pass (a status, perhaps with a body check) or a refusal (a problem). */
    record Expect(boolean pass, int[] statuses, String slug, Predicate<Reply> body, String bodyRule) {

        static Expect pass(int... statuses) {
            return new Expect(true, statuses, null, reply -> true, null);
        }

        static Expect pass(int status, String rule, Predicate<Reply> body) {
            return new Expect(true, new int[] { status }, null, body, rule);
        }

        static Expect refuse(int... statuses) {
            return new Expect(false, statuses, null, reply -> true, null);
        }

        static Expect refuse(String slug, int... statuses) {
            return new Expect(false, statuses, slug, reply -> true, null);
        }
    }

    static final Expect UNAUTHENTICATED = Expect.refuse(401);
    static final Expect NOT_YOURS = Expect.refuse(403, 404);

    /** One per test: JUnit makes an instance per test method. */
    private final Findings findings = new Findings("AuthorizationMatrixIT");
    private static final Map<String, Integer> CALLS = new LinkedHashMap<>();
    private static Account stranger;
    private static Session strangerWeb;

    /** An account with a web session, two phones, and a revoked web session and a revoked session of phone 1. */
    static final class Fixture {
        final Account account;
        final Session web;
        final Session phone1;
        final Session phone2;
        final Session revokedWeb;
        final Session revokedPhone1;

        Fixture(boolean findDevice1, boolean findDevice2) {
            account = Api.register();
            web = Api.web(account);
            phone1 = Api.phone(account, findDevice1);
            phone2 = Api.phone(account, findDevice2);
            revokedWeb = Api.web(account);
            revokedPhone1 = Api.phone(account, phone1.deviceId(), findDevice1);
            Api.signOut(revokedWeb);
            Api.signOut(revokedPhone1);
            awaitRevocationKnown(revokedWeb, revokedPhone1);
        }

        String device1() {
            return phone1.deviceId();
        }

        Session session(Role role) {
            return switch (role) {
                case OWNER_WEB -> web;
                case OWN_PHONE -> phone1;
                case OTHER_PHONE -> phone2;
                case OTHER_ACCOUNT -> strangerWeb;
                case REVOKED_WEB -> revokedWeb;
                case REVOKED_PHONE -> revokedPhone1;
                case NO_TOKEN -> null;
            };
        }

        String token(Role role) {
            Session session = session(role);
            return session == null ? null : session.token();
        }

        /** A fresh step-up token of that caller's session, when it can still get one. */
        String stepUp(Role role) {
            Session session = session(role);
            if (session == null || role == Role.REVOKED_WEB || role == Role.REVOKED_PHONE) {
                return null;
            }
            return Api.stepUp(session);
        }
    }

    /**
     * Revocations may reach device- and notification-service as events: give them a moment (three seconds at most)
     * before the matrix holds them to it. Whether they refuse the tokens in the end is the matrix's check.
     */
    private static void awaitRevocationKnown(Session... revoked) {
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> java.util.Arrays.stream(revoked).allMatch(session ->
                    Http.get(Stack.device() + "/api/v1/devices").bearer(session.token()).send().status() == 401
                            && Http.get(Stack.notification() + "/api/v1/notifications").bearer(session.token()).send()
                                    .status() == 401));
        } catch (ConditionTimeoutException e) {
            // the matrix records it
        }
    }

    @BeforeAll
    static void start() {
        Stack.start();
        Secrets.contributedBy(AuthorizationMatrixIT.class);
        stranger = Api.register();
        strangerWeb = Api.web(stranger);
        Api.phone(stranger, false); // so that the stranger's own lists are not trivially empty
    }

    @AfterAll
    static void summary() {
        System.out.println("[AuthorizationMatrixIT] calls per endpoint:");
        CALLS.forEach((endpoint, count) -> System.out.printf("  %-70s %d%n", endpoint, count));
    }

    /** Tries every caller of the map in its order (refusals first) and records what departs from the contract. */
    private void row(String endpoint, Fixture fixture, Map<Role, Expect> expected,
            Function<Role, Reply> request) {
        for (Map.Entry<Role, Expect> entry : expected.entrySet()) {
            Role role = entry.getKey();
            Expect expect = entry.getValue();
            Reply reply = request.apply(role);
            CALLS.merge(endpoint, 1, Integer::sum);
            String what = endpoint + " as " + role;
            if (expect.pass()) {
                if (findings.status(what, reply, expect.statuses()) && expect.bodyRule() != null) {
                    findings.check(what + ": " + expect.bodyRule(), expect.body().test(reply), reply.describe());
                }
            } else {
                findings.refused(what, reply, expect.slug(), expect.statuses());
            }
        }
    }

    /** Every role with the same expectation except those given. */
    private static Map<Role, Expect> refusedExcept(Map<Role, Expect> rightful) {
        Map<Role, Expect> map = new LinkedHashMap<>();
        map.put(Role.NO_TOKEN, UNAUTHENTICATED);
        map.put(Role.REVOKED_WEB, UNAUTHENTICATED);
        map.put(Role.REVOKED_PHONE, UNAUTHENTICATED);
        map.put(Role.OTHER_ACCOUNT, NOT_YOURS);
        map.put(Role.OTHER_PHONE, NOT_YOURS);
        map.put(Role.OWNER_WEB, NOT_YOURS);
        map.put(Role.OWN_PHONE, NOT_YOURS);
        rightful.keySet().forEach(map::remove);
        map.putAll(rightful); // the rightful calls last
        return map;
    }

    private static Map<Role, Expect> ordered(Object... roleExpectPairs) {
        Map<Role, Expect> map = new LinkedHashMap<>();
        for (int i = 0; i < roleExpectPairs.length; i += 2) {
            map.put((Role) roleExpectPairs[i], (Expect) roleExpectPairs[i + 1]);
        }
        return map;
    }

    private static boolean accountIs(Reply reply, Account account) {
        return account.accountId().equals(reply.text("accountId"));
    }

    private static boolean listHas(Reply reply, String field, String value) {
        JsonNode json = reply.json();
        return json != null && json.isArray()
                && StreamSupport.stream(json.spliterator(), false).anyMatch(n -> value.equals(n.path(field).asText()));
    }

    @Test
    void readsAndHarmlessChangesOnlyForTheAccountsOwnSessions() {
        Fixture f = new Fixture(false, false);
        String a = Stack.account();
        String d = Stack.device();
        String n = Stack.notification();
        String p1 = f.device1();

        Map<Role, Expect> me = ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.pass(200, "its own account, not the owner's", r -> accountIs(r, stranger)),
                Role.OWNER_WEB, Expect.pass(200, "the owner's account", r -> accountIs(r, f.account)),
                Role.OWN_PHONE, Expect.pass(200, "the owner's account", r -> accountIs(r, f.account)),
                Role.OTHER_PHONE, Expect.pass(200, "the owner's account", r -> accountIs(r, f.account)));
        row("account GET /accounts/me", f, me, role -> Http.get(a + "/api/v1/accounts/me").bearer(f.token(role)).send());
        row("account PATCH /accounts/me {displayName}", f, me, role -> Http.patch(a + "/api/v1/accounts/me")
                .bearer(f.token(role)).json(Map.of("displayName", "Matrix " + role)).send());
        row("account POST /accounts/me/reauth (the owner's password)", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.refuse("invalid-credentials", 401),
                Role.OWNER_WEB, Expect.pass(200), Role.OWN_PHONE, Expect.pass(200), Role.OTHER_PHONE, Expect.pass(200)),
                role -> {
                    Reply reply = Http.post(a + "/api/v1/accounts/me/reauth").bearer(f.token(role))
                            .json(Map.of("password", f.account.password())).send();
                    Secrets.token(reply.text("stepUpToken"));
                    return reply;
                });
        Predicate<Reply> onlyOwnersSessions = r -> listHas(r, "sessionId", f.web.sessionId())
                && !listHas(r, "sessionId", strangerWeb.sessionId());
        row("account GET /sessions", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.pass(200, "none of the owner's sessions",
                        r -> r.json() != null && r.json().isArray() && !listHas(r, "sessionId", f.web.sessionId())),
                Role.OWNER_WEB, Expect.pass(200, "the owner's sessions only", onlyOwnersSessions),
                Role.OWN_PHONE, Expect.pass(200, "the owner's sessions only", onlyOwnersSessions),
                Role.OTHER_PHONE, Expect.pass(200, "the owner's sessions only", onlyOwnersSessions)),
                role -> Http.get(a + "/api/v1/sessions").bearer(f.token(role)).send());
        row("account GET /accounts/me/activity", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.pass(200), Role.OWNER_WEB, Expect.pass(200), Role.OWN_PHONE, Expect.pass(200),
                Role.OTHER_PHONE, Expect.pass(200)),
                role -> Http.get(a + "/api/v1/accounts/me/activity").bearer(f.token(role)).send());

        Predicate<Reply> hasPhone1 = r -> listHas(r, "deviceId", p1);
        row("device GET /devices", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.pass(200, "not the owner's phone", r -> r.json() != null && !hasPhone1.test(r)),
                Role.OWNER_WEB, Expect.pass(200, "lists phone 1", hasPhone1),
                Role.OWN_PHONE, Expect.pass(200, "lists phone 1", hasPhone1),
                Role.OTHER_PHONE, Expect.pass(200, "lists phone 1", hasPhone1)),
                role -> Http.get(d + "/api/v1/devices").bearer(f.token(role)).send());
        row("device GET /devices/{id}", f, refusedExcept(ordered(Role.OWNER_WEB, Expect.pass(200),
                Role.OWN_PHONE, Expect.pass(200), Role.OTHER_PHONE, Expect.pass(200))),
                role -> Http.get(d + "/api/v1/devices/" + p1).bearer(f.token(role)).send());
        row("device PUT /devices/{id}/find-device {enabled: true}", f, refusedExcept(ordered(
                Role.OWNER_WEB, Expect.pass(200), Role.OWN_PHONE, Expect.pass(200), Role.OTHER_PHONE, Expect.pass(200))),
                role -> Http.put(d + "/api/v1/devices/" + p1 + "/find-device").bearer(f.token(role))
                        .json(Map.of("enabled", true)).send());
        // The waiting period (168 h) is far off: the owner with a step-up gets 409 wait-period, which is a pass of
        // the authorization; without step-up 403 password-required comes first.
        Map<Role, Expect> bootloader = refusedExcept(ordered(
                Role.OWNER_WEB, Expect.pass(409, "wait-period", r -> "wait-period".equals(r.slug())),
                Role.OWN_PHONE, Expect.pass(409, "wait-period", r -> "wait-period".equals(r.slug())),
                Role.OTHER_PHONE, Expect.pass(409, "wait-period", r -> "wait-period".equals(r.slug()))));
        row("device POST /devices/{id}/bootloader-unlock (with the caller's step-up)", f, bootloader,
                role -> Http.post(d + "/api/v1/devices/" + p1 + "/bootloader-unlock").bearer(f.token(role))
                        .header("X-Step-Up-Token", orNone(f.stepUp(role))).send());
        row("device POST /devices/{id}/bootloader-unlock (no step-up)", f, ordered(
                Role.OWNER_WEB, Expect.refuse("password-required", 403)),
                role -> Http.post(d + "/api/v1/devices/" + p1 + "/bootloader-unlock").bearer(f.token(role)).send());

        row("notification GET /notifications", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.pass(200), Role.OWNER_WEB, Expect.pass(200), Role.OWN_PHONE, Expect.pass(200),
                Role.OTHER_PHONE, Expect.pass(200)),
                role -> Http.get(n + "/api/v1/notifications").bearer(f.token(role)).send());
        // The internal code check is not on the public port at all, and on its own port it wants the service
        // credential: a user's token is no such thing.
        Map<Role, Expect> absent = new LinkedHashMap<>();
        Map<Role, Expect> internal = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            absent.put(role, Expect.refuse(404));
            internal.put(role, Expect.refuse(401, 403));
        }
        row("notification POST /internal/v1/verification-codes/{id}/check on the public port", f, absent,
                role -> Http.post(n + "/internal/v1/verification-codes/" + UUID.randomUUID() + "/check")
                        .bearer(f.token(role)).json(Map.of("accountId", f.account.accountId(), "code", "123456"))
                        .send());
        row("notification POST /internal/v1/verification-codes/{id}/check on the internal port", f, internal,
                role -> Http.post(Stack.notificationInternal() + "/internal/v1/verification-codes/"
                        + UUID.randomUUID() + "/check").bearer(f.token(role))
                        .json(Map.of("accountId", f.account.accountId(), "code", "123456")).send());

        Reply after = Api.device(f.web, p1);
        findings.check("phone 1 after the matrix", "BOUND".equals(after.text("state")), after.describe());
        findings.assertNone();
    }

    @Test
    void onlyThePhonesOwnSessionSignsItOut() {
        Fixture f = new Fixture(false, false);
        String p1 = f.device1();
        row("device POST /devices/{id}/sign-out", f, refusedExcept(ordered(Role.OWN_PHONE, Expect.pass(202))),
                role -> {
                    if (role == Role.OWN_PHONE) {
                        deviceUnchanged(f, "before the rightful sign-out");
                    }
                    return Http.post(Stack.device() + "/api/v1/devices/" + p1 + "/sign-out").bearer(f.token(role))
                            .json(Map.of("dataChoice", "KEEP")).send();
                });
        awaitState(f, p1, "SIGNED_OUT"); // read by its last owner
        findings.refused("device GET /devices/{id} after the sign-out as OTHER_ACCOUNT", Http.get(Stack.device()
                + "/api/v1/devices/" + p1).bearer(strangerWeb.token()).send(), null, 404);
        findings.assertNone();
    }

    @Test
    void onlyThePhonesOwnSessionReportsAFactoryResetAndOnlyTheOwnerWithThePasswordActivatesIt() {
        Fixture f = new Fixture(true, false);
        String p1 = f.device1();
        String d = Stack.device();
        row("device POST /devices/{id}/factory-reset", f, refusedExcept(ordered(Role.OWN_PHONE, Expect.pass(202))),
                role -> {
                    if (role == Role.OWN_PHONE) {
                        deviceUnchanged(f, "before the rightful factory reset");
                    }
                    return Http.post(d + "/api/v1/devices/" + p1 + "/factory-reset").bearer(f.token(role)).send();
                });
        awaitState(f, p1, "LOCKED");

        Map<Role, Expect> activation = ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.refuse(403, 404));
        row("device POST /devices/{id}/activation (with the caller's step-up)", f, activation,
                role -> Http.post(d + "/api/v1/devices/" + p1 + "/activation").bearer(f.token(role))
                        .header("X-Step-Up-Token", orNone(f.stepUp(role))).send());
        row("device POST /devices/{id}/activation (no step-up)", f, ordered(
                Role.OWNER_WEB, Expect.refuse("password-required", 403)),
                role -> Http.post(d + "/api/v1/devices/" + p1 + "/activation").bearer(f.token(role)).send());
        Reply locked = Api.device(f.web, p1);
        findings.check("phone 1 after the refused activations", "LOCKED".equals(locked.text("state")),
                locked.describe());
        row("device POST /devices/{id}/activation (with the owner's step-up)", f, ordered(
                Role.OWNER_WEB, Expect.pass(200, "BOUND", r -> "BOUND".equals(r.text("state")))),
                role -> Http.post(d + "/api/v1/devices/" + p1 + "/activation").bearer(f.token(role))
                        .header("X-Step-Up-Token", f.stepUp(role)).send());
        findings.assertNone();
    }

    @Test
    void onlyTheOwnerDeletesAPhoneAndWithThePasswordWhenFindDeviceIsOn() {
        Fixture f = new Fixture(false, true);
        String d = Stack.device();
        String p1 = f.device1();
        String p2 = f.phone2.deviceId();
        row("device DELETE /devices/{id} (Find device off)", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.refuse(404), Role.OWNER_WEB, Expect.pass(202)),
                role -> {
                    if (role == Role.OWNER_WEB) {
                        deviceUnchanged(f, "before the owner's deletion");
                    }
                    return Http.delete(d + "/api/v1/devices/" + p1).bearer(f.token(role)).send();
                });
        awaitState(f, p1, "DELETED");

        row("device DELETE /devices/{id} (Find device on)", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.refuse(404),
                Role.OWNER_WEB, Expect.refuse("password-required", 403)),
                role -> Http.delete(d + "/api/v1/devices/" + p2).bearer(f.token(role)).send());
        Reply bound = Api.device(f.web, p2);
        findings.check("phone 2 after the refused deletions", "BOUND".equals(bound.text("state")), bound.describe());
        row("device DELETE /devices/{id} (Find device on, the owner's step-up)", f, ordered(
                Role.OWNER_WEB, Expect.pass(202)),
                role -> Http.delete(d + "/api/v1/devices/" + p2).bearer(f.token(role))
                        .header("X-Step-Up-Token", f.stepUp(role)).send());
        awaitState(f, p2, "DELETED");
        findings.assertNone();
    }

    @Test
    void sessionsContactsAndSigningOutEverywhereOnlyForTheOwnerAndWithThePassword() {
        Fixture f = new Fixture(false, false);
        String a = Stack.account();

        row("account DELETE /sessions/{id} (phone 2's session)", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.REVOKED_PHONE, UNAUTHENTICATED,
                Role.OTHER_ACCOUNT, Expect.refuse(404), Role.OWNER_WEB, Expect.pass(204)),
                role -> Http.delete(a + "/api/v1/sessions/" + f.phone2.sessionId()).bearer(f.token(role)).send());
        findings.refused("phone 2's revoked session on account-service", Http.get(a + "/api/v1/accounts/me")
                .bearer(f.phone2.token()).send(), null, 401);
        Reply phone2 = Api.device(f.web, f.phone2.deviceId());
        findings.check("phone 2 stays bound when its session is revoked", "BOUND".equals(phone2.text("state")),
                phone2.describe());

        String newPhone = Api.newPhone();
        row("account PATCH /accounts/me {phone} (no step-up)", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED,
                Role.OWNER_WEB, Expect.refuse("password-required", 403),
                Role.OWN_PHONE, Expect.refuse("password-required", 403)),
                role -> Http.patch(a + "/api/v1/accounts/me").bearer(f.token(role)).json(Map.of("phone", newPhone))
                        .send());
        Reply me = Http.get(a + "/api/v1/accounts/me").bearer(f.web.token()).send();
        findings.check("the phone number after the refused changes", f.account.phone().equals(me.text("phone")),
                me.describe());
        List<String> changeIds = new ArrayList<>();
        row("account PATCH /accounts/me {phone} (the owner's step-up)", f, ordered(
                Role.OWNER_WEB, Expect.pass(202, "a changeId", r -> r.text("changeId") != null)),
                role -> {
                    Reply reply = Http.patch(a + "/api/v1/accounts/me").bearer(f.token(role))
                            .header("X-Step-Up-Token", f.stepUp(role)).json(Map.of("phone", newPhone)).send();
                    if (reply.text("changeId") != null) {
                        changeIds.add(reply.text("changeId"));
                    }
                    return reply;
                });
        if (!changeIds.isEmpty()) {
            String changeId = changeIds.get(0);
            String code = Api.awaitCode(newPhone);
            String wrong = code.equals("000000") ? "111111" : "000000";
            row("account POST /accounts/me/contact-changes/{id}/confirm", f, ordered(
                    Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED,
                    Role.OTHER_ACCOUNT, Expect.refuse(400, 403, 404)),
                    role -> Http.post(a + "/api/v1/accounts/me/contact-changes/" + changeId + "/confirm")
                            .bearer(f.token(role)).json(Map.of("code", code)).send());
            row("account POST /accounts/me/contact-changes/{id}/confirm (wrong code)", f, ordered(
                    Role.OWNER_WEB, Expect.refuse("invalid-code", 400)),
                    role -> Http.post(a + "/api/v1/accounts/me/contact-changes/" + changeId + "/confirm")
                            .bearer(f.token(role)).json(Map.of("code", wrong)).send());
            row("account POST /accounts/me/contact-changes/{id}/confirm (the code)", f, ordered(
                    Role.OWNER_WEB, Expect.pass(200, "the new phone", r -> newPhone.equals(r.text("phone")))),
                    role -> Http.post(a + "/api/v1/accounts/me/contact-changes/" + changeId + "/confirm")
                            .bearer(f.token(role)).json(Map.of("code", code)).send());
        }

        row("account DELETE /sessions (sign out everywhere, no step-up)", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED,
                Role.OWNER_WEB, Expect.refuse("password-required", 403)),
                role -> Http.delete(a + "/api/v1/sessions").bearer(f.token(role)).send());
        findings.status("phone 1's session before signing out everywhere", Http.get(a + "/api/v1/accounts/me")
                .bearer(f.phone1.token()).send(), 200);
        row("account DELETE /sessions (sign out everywhere, the owner's step-up)", f, ordered(
                Role.OWNER_WEB, Expect.pass(202)),
                role -> Http.delete(a + "/api/v1/sessions").bearer(f.token(role))
                        .header("X-Step-Up-Token", f.stepUp(role)).send());
        findings.refused("phone 1's session after signing out everywhere", Http.get(a + "/api/v1/accounts/me")
                .bearer(f.phone1.token()).send(), null, 401);

        row("account DELETE /sessions/current", f, ordered(
                Role.NO_TOKEN, UNAUTHENTICATED, Role.REVOKED_WEB, UNAUTHENTICATED, Role.OWNER_WEB, Expect.pass(204)),
                role -> Http.delete(a + "/api/v1/sessions/current").bearer(f.token(role)).send());
        findings.refused("the web session after signing out", Http.get(a + "/api/v1/accounts/me")
                .bearer(f.web.token()).send(), null, 401);
        findings.assertNone();
    }

    @Test
    void operatorSurfacesAreNotPublic() {
        Reply everything = Http.get(Stack.notification() + "/api/v1/sandbox/messages").send();
        findings.refused("notification GET /sandbox/messages without to", everything, null, 400);
        CALLS.merge("notification GET /sandbox/messages (no to)", 1, Integer::sum);
        findings.refused("notification POST /internal/v1/verification-codes/{id}/check on the public port",
                Http.post(Stack.notification() + "/internal/v1/verification-codes/" + UUID.randomUUID() + "/check")
                        .json(Map.of("accountId", stranger.accountId(), "code", "123456")).send(), null, 404);
        findings.refused("notification POST /internal/v1/verification-codes/{id}/check without credential",
                Http.post(Stack.notificationInternal() + "/internal/v1/verification-codes/" + UUID.randomUUID()
                        + "/check").json(Map.of("accountId", stranger.accountId(), "code", "123456")).send(), null,
                401, 403);
        CALLS.merge("notification POST /internal/v1/verification-codes/{id}/check (no credential)", 1, Integer::sum);
        findings.refused("device GET /known-accounts/{id} without token (the known-accounts view is not public)",
                Http.get(Stack.device() + "/api/v1/known-accounts/" + stranger.accountId()).send(), null, 401, 403, 404);
        CALLS.merge("device GET /known-accounts/{id} (no token)", 1, Integer::sum);
        // The dashboard shows the stranger's events, but never its raw email or phone number.
        String events = Stack.dashboard() + "/api/v1/events?limit=1000&subject=" + stranger.accountId();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                JsonNode json = Http.get(events).send().json();
                return json != null && json.isArray() && json.size() > 0;
            });
        } catch (ConditionTimeoutException e) {
            findings.check("the dashboard shows the stranger's events", false, Http.get(events).send().describe());
        }
        Reply shown = Http.get(events).send();
        CALLS.merge("dashboard GET /events?subject= (no credential, local run)", 1, Integer::sum);
        findings.check("the dashboard shows no raw email or phone number", shown.body() != null
                && !shown.body().contains(stranger.email()) && !shown.body().contains(stranger.phone()),
                shown.describe());
        findings.assertNone();
    }

    private static String orNone(String stepUp) {
        return stepUp == null ? "none" : stepUp;
    }

    private void deviceUnchanged(Fixture f, String when) {
        Reply reply = Api.device(f.web, f.device1());
        findings.check("phone 1 " + when, "BOUND".equals(reply.text("state")), reply.describe());
    }

    private void awaitState(Fixture f, String deviceId, String state) {
        try {
            Api.awaitDevice(f.web, deviceId, state);
        } catch (ConditionTimeoutException e) {
            findings.check(deviceId + " reaches " + state, false, Api.device(f.web, deviceId).describe());
        }
    }
}
