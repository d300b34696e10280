package dev.miaccount.account.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;

import dev.miaccount.auth.Caller;
import dev.miaccount.auth.TokenClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Issues the RS256 tokens every service verifies with account-service's public key: access tokens (audience
 * {@value #ACCESS_AUDIENCE}) and step-up tokens (audience {@value #STEP_UP_AUDIENCE}), which are never accepted
 * in each other's place. The signing key is {@code smallrye.jwt.sign.key.location}; the public key, also served
 * as a JWKS, is {@code mp.jwt.verify.publickey.location}.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String ACCESS_AUDIENCE = TokenClaims.ACCESS_AUDIENCE;
    public static final String STEP_UP_AUDIENCE = TokenClaims.STEP_UP_AUDIENCE;

    private final String issuer;
    private final Duration accessLifetime;
    private final Duration stepUpLifetime;
    private final Clock clock;
    private final RSAPublicKey publicKey;
    private final String keyId;

    public TokenIssuer(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "miaccount.token.access-lifetime") Duration accessLifetime,
            @ConfigProperty(name = "miaccount.token.step-up-lifetime") Duration stepUpLifetime,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") String publicKeyLocation, Clock clock) {
        if (accessLifetime.compareTo(Duration.ofMinutes(15)) > 0 || stepUpLifetime.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("access tokens live at most 15 minutes, step-up tokens at most 5");
        }
        this.issuer = issuer;
        this.accessLifetime = accessLifetime;
        this.stepUpLifetime = stepUpLifetime;
        this.clock = clock;
        this.publicKey = readPublicKey(publicKeyLocation);
        this.keyId = thumbprint(publicKey);
    }

    public record IssuedToken(String token, Duration lifetime) {

        @Override
        public String toString() {
            return "IssuedToken[token=******, lifetime=" + lifetime + "]";
        }
    }

    public IssuedToken accessToken(Session session) {
        return new IssuedToken(sign(session, ACCESS_AUDIENCE, accessLifetime), accessLifetime);
    }

    public IssuedToken stepUpToken(Caller caller) {
        Instant now = Instant.now(clock);
        // A fresh id each time: the services record it when the token is used, so it is used once.
        JwtClaimsBuilder claims = Jwt.issuer(issuer).subject(caller.accountId()).audience(STEP_UP_AUDIENCE)
                .claim(Claims.jti.name(), UUID.randomUUID().toString())
                .claim(TokenClaims.SESSION_ID, caller.sessionId().toString())
                .claim(TokenClaims.AUTH_TIME, now.getEpochSecond())
                .issuedAt(now).expiresAt(now.plus(stepUpLifetime));
        if (caller.deviceId() != null) {
            claims.claim(TokenClaims.DEVICE_ID, caller.deviceId());
        }
        return new IssuedToken(claims.jws().keyId(keyId).sign(), stepUpLifetime);
    }

    private String sign(Session session, String audience, Duration lifetime) {
        Instant now = Instant.now(clock);
        JwtClaimsBuilder claims = Jwt.issuer(issuer).subject(session.getAccountId()).upn(session.getAccountId())
                .audience(audience)
                .claim(TokenClaims.SESSION_ID, session.getSessionId().toString())
                .claim(TokenClaims.AUTH_TIME, session.getOpenedAt().getEpochSecond())
                .groups("account")
                .issuedAt(now).expiresAt(now.plus(lifetime));
        if (session.getDeviceId() != null) {
            claims.claim(TokenClaims.DEVICE_ID, session.getDeviceId());
        }
        return claims.jws().keyId(keyId).sign();
    }

    /** The public key as a JSON Web Key Set, for any verifier. */
    public Map<String, Object> jwks() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("use", "sig");
        key.put("alg", "RS256");
        key.put("kid", keyId);
        key.put("n", base64Url(publicKey.getModulus()));
        key.put("e", base64Url(publicKey.getPublicExponent()));
        return Map.of("keys", List.of(key));
    }

    private static RSAPublicKey readPublicKey(String location) {
        try {
            String pem = Files.readString(Path.of(location.replaceFirst("^file:", "")), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token verification key " + location, e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("not an RSA public key: " + location, e);
        }
    }

    /** RFC 7638 thumbprint: a stable key id that changes when the key does. */
    private static String thumbprint(RSAPublicKey key) {
        String json = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
