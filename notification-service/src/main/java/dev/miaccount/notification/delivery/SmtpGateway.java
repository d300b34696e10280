package dev.miaccount.notification.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.notification.delivery.HttpSmsGateway.GatewayException;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * Email through a real SMTP server (quarkus-mailer, {@code quarkus.mailer.host/port/from}), used when
 * {@code miaccount.email.smtp.enabled}. Non-blocking; a server that is down or silent fails the delivery after
 * {@code miaccount.email.smtp.timeout}, never a consumer.
 */
@ApplicationScoped
public class SmtpGateway implements Gateway {

    private final ReactiveMailer mailer;
    private final Duration timeout;

    public SmtpGateway(ReactiveMailer mailer,
            @ConfigProperty(name = "miaccount.email.smtp.timeout") Duration timeout) {
        this.mailer = mailer;
        this.timeout = timeout;
    }

    @Override
    public Uni<Void> send(OutboundMessage message) {
        return Uni.createFrom().deferred(() -> mailer.send(Mail.withText(message.to(), message.subject(),
                message.body())))
                .ifNoItem().after(timeout).failWith(() -> new GatewayException("SMTP server did not answer in "
                        + timeout.toSeconds() + " s"))
                .onFailure(failure -> !(failure instanceof GatewayException))
                .transform(e -> new GatewayException("SMTP server refused or unreachable: "
                        + e.getClass().getSimpleName()));
    }
}
