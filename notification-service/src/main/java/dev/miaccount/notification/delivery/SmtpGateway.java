package dev.miaccount.notification.delivery;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;

/**
 * Email through a real SMTP server (quarkus-mailer, {@code quarkus.mailer.host/port/from}), used when
 * {@code miaccount.email.smtp.enabled}. Non-blocking; a server that is down or silent fails the attempt after
 * {@code miaccount.email.smtp.timeout}, never a consumer. Every attempt of one delivery carries the same
 * {@code Message-ID: <deliveryId@miaccount.email.message-id-domain>}, so that a mail client or a relay can tell a
 * repeat from a new message. An SMTP 5xx reply (no such mailbox, rejected) is permanent; a 4xx reply, a timeout or
 * no connection is transient.
 */
@ApplicationScoped
public class SmtpGateway implements Gateway {

    private final ReactiveMailer mailer;
    private final Duration timeout;
    private final String messageIdDomain;

    public SmtpGateway(ReactiveMailer mailer,
            @ConfigProperty(name = "miaccount.email.smtp.timeout") Duration timeout,
            @ConfigProperty(name = "miaccount.email.message-id-domain") String messageIdDomain) {
        this.mailer = mailer;
        this.timeout = timeout;
        this.messageIdDomain = messageIdDomain;
    }

    /** The longest one attempt can take. */
    Duration longestAttempt() {
        return timeout;
    }

    /** {@code <deliveryId@domain>}: the same on every attempt of one delivery. */
    public static String messageId(UUID deliveryId, String domain) {
        return "<" + deliveryId + "@" + domain + ">";
    }

    @Override
    public Uni<Void> send(UUID deliveryId, OutboundMessage message) {
        Mail mail = Mail.withText(message.to(), message.subject(), message.body())
                .addHeader("Message-ID", messageId(deliveryId, messageIdDomain));
        return Uni.createFrom().deferred(() -> mailer.send(mail))
                .ifNoItem().after(timeout).failWith(() -> GatewayException.transientFailure(
                        "SMTP server did not answer in " + timeout.toSeconds() + " s"))
                .onFailure(failure -> !(failure instanceof GatewayException)).transform(SmtpGateway::classify);
    }

    /** An SMTP 5xx reply refuses the message for good; anything else may pass on another attempt. */
    static GatewayException classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPException smtp) {
                return smtp.isPermanent()
                        ? GatewayException.permanentFailure("SMTP server refused the message: " + smtp.getReplyCode())
                        : GatewayException.transientFailure("SMTP server answered " + smtp.getReplyCode());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return GatewayException.transientFailure("SMTP server unreachable: " + failure.getClass().getSimpleName());
    }
}
