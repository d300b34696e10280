package dev.miaccount.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.miaccount.infra.SigningKeys;

/** Takes tokens apart and puts forged ones together, the way an attacker (or, for claim checks, the issuer) would. */
final class Jwts {

    static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private Jwts() {
    }

    static ObjectNode header(String token) {
        return part(token, 0);
    }

    static ObjectNode claims(String token) {
        return part(token, 1);
    }

    static String signature(String token) {
        return token.split("\\.")[2];
    }

    private static ObjectNode part(String token, int index) {
        try {
            return (ObjectNode) Http.JSON.readTree(B64URL_DECODER.decode(token.split("\\.")[index]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String encode(JsonNode json) {
        try {
            return B64URL.encodeToString(Http.JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Header and claims as given, with no signature at all. */
    static String unsigned(ObjectNode header, ObjectNode claims) {
        return encode(header) + "." + encode(claims) + ".";
    }

    static String rs256(ObjectNode header, ObjectNode claims, PrivateKey key) {
        header.put("alg", "RS256");
        String input = encode(header) + "." + encode(claims);
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64URL.encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hs256(ObjectNode header, ObjectNode claims, byte[] secret) {
        header.put("alg", "HS256");
        String input = encode(header) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key account-service signs with, read where the test stack keeps it: only for claim checks. */
    static PrivateKey issuerKey() {
        try {
            String pem = Files.readString(Stack.KEYS.resolve(SigningKeys.PRIVATE_KEY_FILE), StandardCharsets.US_ASCII);
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key file the services verify with, byte for byte. */
    static byte[] verificationKeyFile() {
        try {
            return Files.readAllBytes(Stack.KEYS.resolve(SigningKeys.PUBLIC_KEY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first key of account-service's published JWKS. */
    static RSAPublicKey publishedKey() {
        JsonNode jwks = Http.get(Stack.account() + "/api/v1/jwks").send().json();
        JsonNode key = jwks.path("keys").get(0);
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, B64URL_DECODER.decode(key.path("n").asText())),
                    new BigInteger(1, B64URL_DECODER.decode(key.path("e").asText()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(RSAPublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' })
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    static KeyPair strangerKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return B64URL.encodeToString(bytes);
    }
}
