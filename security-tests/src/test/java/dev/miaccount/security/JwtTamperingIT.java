package dev.miaccount.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.miaccount.security.Api.Account;
import dev.miaccount.security.Api.Session;
import dev.miaccount.security.Http.Reply;

/**
 * S2, tokens: forged, tampered, expired, not yet valid, foreign and misused tokens are refused (401/403 problem) by
 * each of the three services, and an access token is never a step-up token.
 *
 * @see ClassOrderer.OrderAnnotation
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtTamperingIT {

    private static final String ISSUER = "https://mi-account.dev";

    private static Account owner;
    private static Account other;
    private static Session web;
    private static Session phone;
    private static Session otherWeb;

    @BeforeAll
    static void accounts() {
        Stack.start();
        Secrets.contributedBy(JwtTamperingIT.class);
        owner = Api.register();
        other = Api.register();
        web = Api.web(owner);
        otherWeb = Api.web(other);
        phone = Api.phone(owner, true);
    }

    /** One authenticated read per service: what every forged token is tried on. */
    private static Map<String, Function<String, Reply>> probes() {
        Map<String, Function<String, Reply>> probes = new LinkedHashMap<>();
        probes.put("account-service GET /accounts/me",
                token -> Http.get(Stack.account() + "/api/v1/accounts/me").bearer(token).send());
        probes.put("device-service GET /devices",
                token -> Http.get(Stack.device() + "/api/v1/devices").bearer(token).send());
        probes.put("notification-service GET /notifications",
                token -> Http.get(Stack.notification() + "/api/v1/notifications").bearer(token).send());
        return probes;
    }

    @Test
    @Order(1)
    void forgedTamperedAndMisusedTokensAreRefusedByEveryService() {
        // The genuine token works everywhere: otherwise refusing the forgeries would prove nothing.
        probes().forEach((name, probe) -> {
            Reply genuine = probe.apply(web.token());
            assertThat(genuine.status()).as(name + " with the genuine token: " + genuine.describe()).isEqualTo(200);
        });

        Map<String, String> forged = forgeries();
        Findings findings = new Findings("JwtTamperingIT tokens");
        int tried = 0;
        for (Map.Entry<String, String> forgery : forged.entrySet()) {
            for (Map.Entry<String, Function<String, Reply>> probe : probes().entrySet()) {
                Reply reply = probe.getValue().apply(forgery.getValue());
                tried++;
                findings.refused(forgery.getKey() + " on " + probe.getKey(), reply, null, 401, 403);
            }
        }
        System.out.printf("[JwtTamperingIT] %d forged or misused tokens x %d services = %d requests%n",
                forged.size(), probes().size(), tried);
        findings.assertNone();
    }

    private static Map<String, String> forgeries() {
        String token = web.token();
        ObjectNode header = Jwts.header(token);
        ObjectNode claims = Jwts.claims(token);
        String signature = Jwts.signature(token);
        long now = Instant.now().getEpochSecond();
        PrivateKey issuerKey = Jwts.issuerKey();
        RSAPublicKey published = Jwts.publishedKey();
        KeyPair stranger = Jwts.strangerKey();
        Map<String, String> forged = new LinkedHashMap<>();

        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            ObjectNode h = header.deepCopy().put("alg", none);
            forged.put("alg " + none + ", no signature", Jwts.unsigned(h, claims.deepCopy()));
            forged.put("alg " + none + ", original signature", Jwts.unsigned(h, claims.deepCopy()) + signature);
        }
        ObjectNode noneOther = claims.deepCopy().put("sub", other.accountId());
        forged.put("alg none, other account's sub", Jwts.unsigned(header.deepCopy().put("alg", "none"), noneOther));

        Map<String, byte[]> hmacSecrets = new LinkedHashMap<>();
        hmacSecrets.put("the verification key file", Jwts.verificationKeyFile());
        hmacSecrets.put("the JWKS key as PEM", Jwts.pem(published).getBytes(StandardCharsets.US_ASCII));
        hmacSecrets.put("the JWKS key as PEM without the last newline",
                Jwts.pem(published).strip().getBytes(StandardCharsets.US_ASCII));
        hmacSecrets.put("the JWKS key as DER", published.getEncoded());
        hmacSecrets.put("the JWKS modulus", Jwts.B64URL_DECODER.decode(Jwts.base64Url(published.getModulus())));
        hmacSecrets.forEach((what, secret) -> forged.put("HS256 keyed with " + what,
                Jwts.hs256(header.deepCopy(), claims.deepCopy(), secret)));

        forged.put("RS256 by a stranger's key, same kid", Jwts.rs256(header.deepCopy(), claims.deepCopy(),
                stranger.getPrivate()));
        ObjectNode embedded = header.deepCopy();
        RSAPublicKey strangerPublic = (RSAPublicKey) stranger.getPublic();
        embedded.putObject("jwk").put("kty", "RSA").put("e", Jwts.base64Url(strangerPublic.getPublicExponent()))
                .put("n", Jwts.base64Url(strangerPublic.getModulus()));
        forged.put("RS256 by a stranger's key embedded as jwk", Jwts.rs256(embedded, claims.deepCopy(),
                stranger.getPrivate()));
        forged.put("RS256 by a stranger's key named by jku", Jwts.rs256(header.deepCopy()
                .put("jku", "http://127.0.0.1:1/jwks.json"), claims.deepCopy(), stranger.getPrivate()));
        forged.put("RS256 by a stranger's key, kid ../../dev/null", Jwts.rs256(header.deepCopy()
                .put("kid", "../../../../dev/null"), claims.deepCopy(), stranger.getPrivate()));
        forged.put("RS256 header, empty signature", Jwts.unsigned(header.deepCopy(), claims.deepCopy()));

        forged.put("payload: other account's sub, original signature", Jwts.encode(header) + "."
                + Jwts.encode(claims.deepCopy().put("sub", other.accountId()).put("upn", other.accountId()))
                + "." + signature);
        forged.put("payload: exp a day later, original signature", Jwts.encode(header) + "."
                + Jwts.encode(claims.deepCopy().put("exp", now + 86_400)) + "." + signature);
        forged.put("payload: other session's sid, original signature", Jwts.encode(header) + "."
                + Jwts.encode(claims.deepCopy().put("sid", otherWeb.sessionId())) + "." + signature);

        // Right signature, wrong claims: only the issuer's key can make these, so they test the claim checks.
        forged.put("expired half an hour ago", Jwts.rs256(header.deepCopy(), claims.deepCopy()
                .put("iat", now - 3_600).put("exp", now - 1_800), issuerKey));
        forged.put("not valid before an hour from now (nbf)", Jwts.rs256(header.deepCopy(), claims.deepCopy()
                .put("nbf", now + 3_600), issuerKey));
        forged.put("issued an hour from now (iat)", Jwts.rs256(header.deepCopy(), claims.deepCopy()
                .put("iat", now + 3_600).put("exp", now + 4_400), issuerKey));
        forged.put("other issuer", Jwts.rs256(header.deepCopy(), claims.deepCopy()
                .put("iss", "https://evil.example"), issuerKey));
        forged.put("no issuer", Jwts.rs256(header.deepCopy(), drop(claims, "iss"), issuerKey));
        forged.put("other audience", Jwts.rs256(header.deepCopy(), claims.deepCopy()
                .put("aud", "someone-else"), issuerKey));
        forged.put("no audience", Jwts.rs256(header.deepCopy(), drop(claims, "aud"), issuerKey));
        forged.put("no expiry", Jwts.rs256(header.deepCopy(), drop(claims, "exp"), issuerKey));
        forged.put("no sid", Jwts.rs256(header.deepCopy(), drop(claims, "sid"), issuerKey));
        forged.put("sid not a UUID", Jwts.rs256(header.deepCopy(), claims.deepCopy()
                .put("sid", "not-a-session'--"), issuerKey));
        forged.put("no sub", Jwts.rs256(header.deepCopy(), drop(claims, "sub", "upn"),
                issuerKey));
        forged.put("a session id never issued, issued 10 minutes ago", Jwts.rs256(header.deepCopy(), claims
                .deepCopy().put("sid", UUID.randomUUID().toString()).put("iat", now - 600).put("auth_time", now - 600)
                .put("exp", now + 300), issuerKey));

        forged.put("a step-up token as access token", Api.stepUp(web));
        forged.put("a phone's step-up token as access token", Api.stepUp(phone));

        forged.put("three dots of nothing", "..");
        forged.put("a.b.c", "a.b.c");
        forged.put("a 16 KiB token", "eyJ" + "A".repeat(16_000) + ".eyJ" + "B".repeat(100) + ".c2ln");
        forged.put("the token twice", token + " " + token);
        forged.values().forEach(Secrets::token);
        return forged;
    }

    private static ObjectNode drop(ObjectNode claims, String... names) {
        ObjectNode copy = claims.deepCopy();
        copy.remove(List.of(names));
        return copy;
    }

    @Test
    @Order(2)
    void anAccessTokenIsNeverAStepUpToken() {
        Findings findings = new Findings("JwtTamperingIT step-up");
        String device = phone.deviceId();
        String otherStepUp = Api.stepUp(otherWeb);
        ObjectNode stepUpHeader = Jwts.header(otherStepUp);
        // another account's step-up token made to look like this session's: original signature
        String reSidded = Jwts.encode(stepUpHeader) + "." + Jwts.encode(Jwts.claims(otherStepUp)
                .put("sub", owner.accountId()).put("sid", phone.sessionId())) + "." + Jwts.signature(otherStepUp);
        String strangerSigned = Jwts.rs256(stepUpHeader.deepCopy(), Jwts.claims(otherStepUp)
                .put("sub", owner.accountId()).put("sid", phone.sessionId()), Jwts.strangerKey().getPrivate());
        Map<String, String> notStepUps = new LinkedHashMap<>();
        notStepUps.put("the phone's own access token", phone.token());
        notStepUps.put("the web session's access token", web.token());
        notStepUps.put("another account's step-up token", otherStepUp);
        notStepUps.put("another account's step-up token with this sub and sid", reSidded);
        notStepUps.put("a step-up token signed by a stranger", strangerSigned);
        notStepUps.values().forEach(Secrets::token);

        // Operation by operation, every candidate; the ones that would change the most come last, so that one
        // wrongly accepted candidate does not hide what the others get.
        Map<String, java.util.function.BiFunction<String, Boolean, Reply>> operations = new LinkedHashMap<>();
        String d = Stack.device() + "/api/v1/devices/" + device;
        operations.put("bootloader unlock", (value, body) -> Http.post(d + "/bootloader-unlock").bearer(web.token())
                .header("X-Step-Up-Token", value).send());
        operations.put("find-device off", (value, body) -> body
                ? Http.put(d + "/find-device").bearer(phone.token()).json(Map.of("enabled", false, "stepUpToken", value))
                        .send()
                : Http.put(d + "/find-device").bearer(phone.token()).header("X-Step-Up-Token", value)
                        .json(Map.of("enabled", false)).send());
        operations.put("sign-out", (value, body) -> body
                ? Http.post(d + "/sign-out").bearer(phone.token()).json(Map.of("dataChoice", "KEEP", "stepUpToken",
                        value)).send()
                : Http.post(d + "/sign-out").bearer(phone.token()).header("X-Step-Up-Token", value)
                        .json(Map.of("dataChoice", "KEEP")).send());
        operations.put("contact change", (value, body) -> Http.patch(Stack.account() + "/api/v1/accounts/me")
                .bearer(web.token()).header("X-Step-Up-Token", value).json(Map.of("phone", Api.newPhone())).send());
        operations.put("sign out everywhere", (value, body) -> Http.delete(Stack.account() + "/api/v1/sessions")
                .bearer(web.token()).header("X-Step-Up-Token", value).send());
        operations.put("delete a phone with Find device on", (value, body) -> Http.delete(d).bearer(web.token())
                .header("X-Step-Up-Token", value).send());
        Set<String> withBodyField = Set.of("find-device off", "sign-out");

        for (Map.Entry<String, java.util.function.BiFunction<String, Boolean, Reply>> operation : operations.entrySet()) {
            for (Map.Entry<String, String> candidate : notStepUps.entrySet()) {
                findings.refused(operation.getKey() + ", X-Step-Up-Token = " + candidate.getKey(),
                        operation.getValue().apply(candidate.getValue(), false), "password-required", 403);
                if (withBodyField.contains(operation.getKey())) {
                    findings.refused(operation.getKey() + ", body stepUpToken = " + candidate.getKey(),
                            operation.getValue().apply(candidate.getValue(), true), "password-required", 403);
                }
            }
        }

        // Nothing of the above took effect (device-service changes a phone's state before it answers 202): the
        // phone is still bound with Find device on, the contacts unchanged, and the phone's session still works.
        Reply after = Api.device(web, device);
        findings.check("the phone after every refused attempt", after.status() == 200
                && "BOUND".equals(after.text("state")) && "true".equals(after.text("findDevice")), after.describe());
        Reply me = Http.get(Stack.account() + "/api/v1/accounts/me").bearer(web.token()).send();
        findings.check("the account's phone after every refused attempt", owner.phone().equals(me.text("phone")),
                me.describe());
        findings.status("the phone's own session after every refused attempt", Http.get(Stack.device()
                + "/api/v1/devices").bearer(phone.token()).send(), 200);
        findings.assertNone();
    }
}
