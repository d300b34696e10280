package dev.miaccount.notification.delivery;

import io.smallrye.mutiny.Uni;

/**
 * A real way out (an SMS provider, an SMTP server). {@link #send} completes when the message was handed over and
 * fails with a reason that names no body and no full destination; it must never block the calling thread.
 */
public interface Gateway {

    Uni<Void> send(OutboundMessage message);
}
