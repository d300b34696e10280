package dev.miaccount.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.events.EventTypes;
import dev.miaccount.events.NotificationOutcome;
import dev.miaccount.events.Topics;
import dev.miaccount.messaging.OutgoingEvent;
import dev.miaccount.messaging.outbox.Outbox;
import dev.miaccount.notification.sandbox.SandboxGateway;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Sends a message to an account, records the delivery and announces its outcome. */
@ApplicationScoped
public class DeliveryService {

    /** The masked destination of a delivery that had no address to go to. */
    public static final String UNKNOWN_DESTINATION = "unknown";

    private final DeliveryRepository deliveries;
    private final SandboxGateway sandbox;
    private final Outbox outbox;
    private final Gateways gateways;
    private final DeliveryDispatcher dispatcher;
    private final Clock clock;

    public DeliveryService(DeliveryRepository deliveries, SandboxGateway sandbox, Outbox outbox, Gateways gateways,
            DeliveryDispatcher dispatcher, Clock clock) {
        this.deliveries = deliveries;
        this.sandbox = sandbox;
        this.outbox = outbox;
        this.gateways = gateways;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** The account's own deliveries, newest first (at most {@code limit}). */
    @WithSession
    public Uni<List<Delivery>> ofAccount(String accountId, int limit) {
        return deliveries.newestFirst(accountId, limit);
    }

    /**
     * Runs inside the caller's transaction (an event consumer's, or a service method's). The message goes into the
     * sandbox inbox while the sandbox is on. With a real gateway for its channel the delivery stays PENDING and is
     * sent once this transaction has committed ({@link DeliveryDispatcher}); without one, the sandbox inbox is the
     * delivery (SENT), or, the sandbox off, there is nowhere to send it (FAILED).
     */
    public Uni<Delivery> deliver(String accountId, DeliveryKind kind, String reason, OutboundMessage message,
            String flowId) {
        Delivery delivery = new Delivery(accountId, kind, reason, message.channel(),
                Masking.mask(message.channel(), message.to()), Instant.now(clock));
        Gateway gateway = gateways.of(message.channel());
        Uni<Void> sandboxed = sandbox.enabled() ? sandbox.keep(message) : Uni.createFrom().voidItem();
        return deliveries.persist(delivery)
                .call(() -> sandboxed)
                .call(() -> {
                    if (gateway != null) {
                        dispatcher.enqueue(delivery.getId(), message, flowId, gateway);
                        return Uni.createFrom().voidItem();
                    }
                    if (sandbox.enabled()) {
                        delivery.sent(Instant.now(clock));
                    } else {
                        delivery.failed("no gateway for " + message.channel());
                    }
                    return announce(delivery, flowId);
                })
                .invoke(() -> Log.infof("%s %s to account %s via %s: %s", delivery.getKind(), delivery.getReason(),
                        accountId, delivery.getMaskedDestination(), delivery.getStatus()));
    }

    /** The status of a delivery as committed; null when there is no such row (yet). */
    @WithSession
    public Uni<DeliveryStatus> status(UUID id) {
        return deliveries.findById(id).map(delivery -> delivery == null ? null : delivery.getStatus());
    }

    /**
     * The gateway's answer for a PENDING delivery: SENT ({@code failure} null) or FAILED with {@code failure},
     * announced in the same transaction. A delivery no longer PENDING is left as it is.
     */
    @WithTransaction
    public Uni<Void> complete(UUID id, String failure, String flowId) {
        return deliveries.findById(id).flatMap(delivery -> {
            if (delivery == null || delivery.getStatus() != DeliveryStatus.PENDING) {
                return Uni.createFrom().voidItem();
            }
            if (failure == null) {
                delivery.sent(Instant.now(clock));
            } else {
                delivery.failed(failure);
            }
            Log.infof("%s %s to account %s via %s: %s%s", delivery.getKind(), delivery.getReason(),
                    delivery.getAccountId(), delivery.getMaskedDestination(), delivery.getStatus(),
                    failure == null ? "" : " (" + failure + ")");
            return announce(delivery, flowId).replaceWithVoid();
        });
    }

    /** Deliveries PENDING since before {@code cutoff}: their message is gone with the process that had it. */
    @WithTransaction
    public Uni<Integer> failStale(Instant cutoff) {
        return deliveries.list("status = ?1 and createdAt < ?2", DeliveryStatus.PENDING, cutoff)
                .flatMap(stale -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Delivery delivery : stale) {
                        delivery.failed("interrupted: the service stopped before the message was sent");
                        all = all.call(() -> announce(delivery, null));
                    }
                    return all.replaceWith(stale.size());
                });
    }

    /**
     * A message that cannot go anywhere (no address is known for the account): recorded as FAILED, with
     * destination {@value #UNKNOWN_DESTINATION} on the channel it would have taken and {@code why} as the failure
     * reason, and announced as {@code notification.failed.v1}. Runs inside the caller's transaction.
     */
    public Uni<Delivery> undeliverable(String accountId, DeliveryKind kind, String reason, Channel channel, String why,
            String flowId) {
        Delivery delivery = new Delivery(accountId, kind, reason, channel, UNKNOWN_DESTINATION, Instant.now(clock));
        delivery.failed(why);
        return deliveries.persist(delivery)
                .call(() -> announce(delivery, flowId))
                .invoke(() -> Log.warnf("%s %s to account %s not sent: %s", delivery.getKind(), delivery.getReason(),
                        accountId, why));
    }

    /**
     * A message that is not sent on purpose (a resend cooldown, an hourly cap): recorded as FAILED to its masked
     * destination with {@code why}, and announced as {@code notification.failed.v1}. Runs inside the caller's
     * transaction.
     */
    public Uni<Delivery> refused(String accountId, DeliveryKind kind, String reason, Channel channel, String to,
            String why, String flowId) {
        Delivery delivery = new Delivery(accountId, kind, reason, channel, Masking.mask(channel, to),
                Instant.now(clock));
        delivery.failed(why);
        return deliveries.persist(delivery)
                .call(() -> announce(delivery, flowId))
                .invoke(() -> Log.warnf("%s %s to account %s via %s not sent: %s", delivery.getKind(),
                        delivery.getReason(), accountId, delivery.getMaskedDestination(), why));
    }

    private Uni<?> announce(Delivery delivery, String flowId) {
        boolean sent = delivery.getStatus() == DeliveryStatus.SENT;
        return outbox.append(new OutgoingEvent(Topics.NOTIFICATION_EVENTS, delivery.getAccountId(),
                sent ? EventTypes.NOTIFICATION_SENT : EventTypes.NOTIFICATION_FAILED, delivery.getAccountId(), flowId,
                new NotificationOutcome(delivery.getId().toString(), delivery.getAccountId(),
                        delivery.getKind().name(), delivery.getReason(), delivery.getChannel().name(),
                        delivery.getMaskedDestination(), delivery.getStatus().name(),
                        sent ? delivery.getSentAt() : Instant.now(clock))));
    }
}
