package dev.miaccount.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** Email through a real SMTP server (quarkus-mailer); placeholder until the mailer is added. */
@ApplicationScoped
public class SmtpGateway implements Gateway {

    @Override
    public Uni<Void> send(OutboundMessage message) {
        return Uni.createFrom().failure(new HttpSmsGateway.GatewayException("no SMTP client in this build"));
    }
}
