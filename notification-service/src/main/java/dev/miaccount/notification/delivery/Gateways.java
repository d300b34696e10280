package dev.miaccount.notification.delivery;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Which real gateway a channel uses: SMS by {@code miaccount.sms.gateway} ({@code sandbox}: none, the sandbox
 * inbox only; {@code http}: {@link HttpSmsGateway}); email by {@code miaccount.email.smtp.enabled}
 * ({@link SmtpGateway}). None configured: the sandbox inbox, while it is on, is the only channel.
 */
@ApplicationScoped
public class Gateways {

    private final String sms;
    private final boolean smtp;
    private final HttpSmsGateway httpSms;
    private final SmtpGateway smtpGateway;

    public Gateways(@ConfigProperty(name = "miaccount.sms.gateway") String sms,
            @ConfigProperty(name = "miaccount.email.smtp.enabled") boolean smtp, HttpSmsGateway httpSms,
            SmtpGateway smtpGateway) {
        this.sms = sms;
        this.smtp = smtp;
        this.httpSms = httpSms;
        this.smtpGateway = smtpGateway;
    }

    void verify(@Observes StartupEvent event) {
        switch (sms) {
            case "sandbox" -> {
            }
            case "http" -> httpSms.requireUrl();
            default -> throw new IllegalStateException("miaccount.sms.gateway must be sandbox or http, not " + sms);
        }
    }

    /** Whether any channel has a real gateway (else nothing ever waits to be sent). */
    public boolean anyReal() {
        return "http".equals(sms) || smtp;
    }

    /** The longest one attempt through any configured real gateway can take (zero: none configured). */
    public Duration longestAttempt() {
        Duration longest = Duration.ZERO;
        if ("http".equals(sms) && httpSms.longestAttempt().compareTo(longest) > 0) {
            longest = httpSms.longestAttempt();
        }
        if (smtp && smtpGateway.longestAttempt().compareTo(longest) > 0) {
            longest = smtpGateway.longestAttempt();
        }
        return longest;
    }

    /** @return the real gateway of the channel, or null when there is none (sandbox only) */
    public Gateway of(Channel channel) {
        return switch (channel) {
            case SMS -> "http".equals(sms) ? httpSms : null;
            case EMAIL -> smtp ? smtpGateway : null;
        };
    }
}
