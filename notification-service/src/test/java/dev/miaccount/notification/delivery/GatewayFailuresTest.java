package dev.miaccount.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.ext.mail.SMTPException;

/** Which failures are tried again, how long a job waits between tries, and what an email is called. */
class GatewayFailuresTest {

    @Test
    void anSmsProviderAnswerIsTransientOnlyFor408And429And5xx() {
        assertThat(List.of(408, 429, 500, 502, 503, 504)).allMatch(HttpSmsGateway::transientStatus);
        assertThat(List.of(400, 401, 403, 404, 409, 413, 422)).noneMatch(HttpSmsGateway::transientStatus);
    }

    @Test
    void anSmtp5xxReplyIsPermanentAndA4xxReplyOrNoConnectionIsNot() {
        assertThat(SmtpGateway.classify(new SMTPException("rejected", 550, List.of("550 no such user"), false))
                .isPermanent()).isTrue();
        assertThat(SmtpGateway.classify(new SMTPException("busy", 451, List.of("451 try later"), false))
                .isPermanent()).isFalse();
        assertThat(SmtpGateway.classify(new RuntimeException(new ConnectException("refused"))).isPermanent())
                .isFalse();
    }

    @Test
    void theMessageIdIsTheDeliveryIdAtTheConfiguredDomain() {
        UUID id = UUID.fromString("6f1c2b1e-8d4a-4f5e-9b2a-0c3d4e5f6a7b");
        assertThat(SmtpGateway.messageId(id, "mi-account.dev"))
                .isEqualTo("<6f1c2b1e-8d4a-4f5e-9b2a-0c3d4e5f6a7b@mi-account.dev>");
    }

    @Test
    void theBackoffDoublesFromTheInitialOneUpToTheCapLessAFifthAtMost() {
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(null, null, null, null, null, null,
                Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(2), 50,
                100);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long full = Math.min(120_000, 1000L << Math.min(attempt - 1, 20));
            assertThat(dispatcher.backoff(attempt).toMillis()).as("attempt %d", attempt)
                    .isBetween((long) (full * 0.8), full);
        }
    }
}
