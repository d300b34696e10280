package dev.miaccount.notification.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.notification.delivery.OutboundMessage;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The sandbox SMS and mail gateway: it keeps each message in this service's database instead of sending it, so
 * the local run and the tests can read verification codes and alerts. Off unless {@code miaccount.sandbox.enabled}
 * (the local run sets it; nothing else should).
 */
@ApplicationScoped
public class SandboxGateway {

    private final SandboxMessageRepository messages;
    private final boolean enabled;
    private final Clock clock;

    public SandboxGateway(SandboxMessageRepository messages,
            @ConfigProperty(name = "miaccount.sandbox.enabled") boolean enabled, Clock clock) {
        this.messages = messages;
        this.enabled = enabled;
        this.clock = clock;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The messages to one recipient, newest first. */
    @WithSession
    public Uni<List<SandboxMessage>> inbox(String recipient, int limit) {
        return messages.newestFirst(recipient, limit);
    }

    /** Runs in the caller's transaction; {@code accountId} is whose message it is, so the account's erasure finds it. */
    public Uni<Void> keep(String accountId, OutboundMessage message) {
        return messages.persist(new SandboxMessage(accountId, message.to(), message.channel(), message.subject(),
                message.body(), Instant.now(clock))).replaceWithVoid();
    }
}
