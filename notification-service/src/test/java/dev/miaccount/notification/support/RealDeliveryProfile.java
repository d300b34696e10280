package dev.miaccount.notification.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Real gateways: the http SMS adapter against {@link FakeSmsProvider}, SMTP
 * against GreenMail ({@link Mailbox}). One profile, so one more restart only. */
public class RealDeliveryProfile implements QuarkusTestProfile {

    public static final String API_KEY = "test-sms-api-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "miaccount.email.smtp.enabled", "true",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(Mailbox.get().port()),
                "miaccount.sms.gateway", "http",
                "miaccount.sms.http.url", FakeSmsProvider.get().url(),
                "miaccount.sms.http.api-key", API_KEY,
                "miaccount.sms.http.attempts", "3",
                "miaccount.sms.http.initial-backoff", "0.05S");
    }
}
