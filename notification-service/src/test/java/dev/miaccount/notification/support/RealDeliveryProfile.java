package dev.miaccount.notification.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Real gateways: the http SMS adapter against {@link FakeSmsProvider} (a 1 s read timeout, retries 0.1 s to 0.5 s
 * apart), SMTP against GreenMail ({@link Mailbox}), and a configured delivery encryption key, as every replica of
 * a deployment has (so a test can seal a message as a previous process would have). One profile, so one more
 * restart only.
 */
public class RealDeliveryProfile implements QuarkusTestProfile {

    public static final String API_KEY = "test-sms-api-key";
    /** base64 of 32 bytes, for these tests only. */
    public static final String ENCRYPTION_KEY = "dGVzdC1vbmx5IGRlbGl2ZXJ5IGtleSAzMiBieXRlcyE=";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("miaccount.email.smtp.enabled", "true"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", Integer.toString(Mailbox.get().port())),
                Map.entry("miaccount.sms.gateway", "http"),
                Map.entry("miaccount.sms.http.url", FakeSmsProvider.get().url()),
                Map.entry("miaccount.sms.http.api-key", API_KEY),
                Map.entry("miaccount.sms.http.connect-timeout", "1S"),
                Map.entry("miaccount.sms.http.read-timeout", "1S"),
                Map.entry("miaccount.delivery.retry.initial-backoff", "0.1S"),
                Map.entry("miaccount.delivery.retry.max-backoff", "0.5S"),
                Map.entry("miaccount.delivery.encryption-key", ENCRYPTION_KEY));
    }
}
