package dev.miaccount.notification.delivery;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * A real way out (an SMS provider, an SMTP server). {@link #send} completes when the message was handed over and
 * fails with a {@link GatewayException} that says whether trying again may help, and names no body and no full
 * destination; it must never block the calling thread. The delivery id is the same on every attempt of one
 * delivery, so that the provider or the recipient can tell a repeat from a new message (an SMS provider's
 * idempotency key, an email's Message-ID).
 */
public interface Gateway {

    Uni<Void> send(UUID deliveryId, OutboundMessage message);
}
