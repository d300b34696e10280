package dev.miaccount.notification.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

/**
 * Sends a message to an account, records the delivery and announces its outcome. With a real gateway the delivery
 * is a durable job ({@link DeliveryDispatcher}); this service records what each attempt ended in.
 */
@ApplicationScoped
public class DeliveryService {

    /** The masked destination of a delivery that had no address to go to. */
    public static final String UNKNOWN_DESTINATION = "unknown";

    private final DeliveryRepository deliveries;
    private final SandboxGateway sandbox;
    private final Outbox outbox;
    private final Gateways gateways;
    private final DeliveryCipher cipher;
    private final Clock clock;
    private final Duration maxAge;

    public DeliveryService(DeliveryRepository deliveries, SandboxGateway sandbox, Outbox outbox, Gateways gateways,
            DeliveryCipher cipher, Clock clock,
            @ConfigProperty(name = "miaccount.delivery.max-age") Duration maxAge) {
        this.deliveries = deliveries;
        this.sandbox = sandbox;
        this.outbox = outbox;
        this.gateways = gateways;
        this.cipher = cipher;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The account's own deliveries, newest first (at most {@code limit}). */
    @WithSession
    public Uni<List<Delivery>> ofAccount(String accountId, int limit) {
        return deliveries.newestFirst(accountId, limit);
    }

    /**
     * Runs inside the caller's transaction (an event consumer's, or a service method's): as
     * {@link #deliver(String, DeliveryKind, String, OutboundMessage, String, Instant)}, tried for at most
     * {@code miaccount.delivery.max-age} (alerts, welcomes).
     */
    public Uni<Delivery> deliver(String accountId, DeliveryKind kind, String reason, OutboundMessage message,
            String flowId) {
        return deliver(accountId, kind, reason, message, flowId, null);
    }

    /**
     * Runs inside the caller's transaction. The message goes into the sandbox inbox while the sandbox is on. With a
     * real gateway for its channel the delivery is a PENDING job that commits with the caller: its message sealed
     * ({@link DeliveryCipher}), due at once, tried by {@link DeliveryDispatcher} until it is sent, refused, or
     * {@code sendBy} (null: {@code miaccount.delivery.max-age} from now) has passed. Without one, the sandbox inbox
     * is the delivery (SENT), or, the sandbox off, there is nowhere to send it (FAILED).
     */
    public Uni<Delivery> deliver(String accountId, DeliveryKind kind, String reason, OutboundMessage message,
            String flowId, Instant sendBy) {
        Instant now = Instant.now(clock);
        Delivery delivery = new Delivery(accountId, kind, reason, message.channel(),
                Masking.mask(message.channel(), message.to()), now);
        Gateway gateway = gateways.of(message.channel());
        if (gateway != null) {
            delivery.queue(cipher.seal(delivery.getId(), message), cipher.keyId(), flowId, now,
                    sendBy != null ? sendBy : now.plus(maxAge));
        } else if (sandbox.enabled()) {
            delivery.sent(now);
        } else {
            delivery.failed("no gateway for " + message.channel());
        }
        Uni<Void> sandboxed = sandbox.enabled() ? sandbox.keep(accountId, message) : Uni.createFrom().voidItem();
        return deliveries.persist(delivery)
                .call(() -> sandboxed)
                .call(() -> gateway != null ? Uni.createFrom().voidItem() : announce(delivery, flowId))
                .invoke(() -> Log.infof("%s %s to account %s via %s: %s", delivery.getKind(), delivery.getReason(),
                        accountId, delivery.getMaskedDestination(), delivery.getStatus()));
    }

    /** The gateway took the message: SENT, its message erased, and announced. Anything but PENDING stays as is. */
    @WithTransaction
    public Uni<Void> sent(UUID id) {
        return pending(id).flatMap(delivery -> {
            if (delivery == null) {
                return Uni.createFrom().voidItem();
            }
            delivery.sent(Instant.now(clock));
            Log.infof("%s %s to account %s via %s: SENT (attempt %d)", delivery.getKind(), delivery.getReason(),
                    delivery.getAccountId(), delivery.getMaskedDestination(), delivery.getAttempts());
            return announce(delivery, delivery.getFlowId()).replaceWithVoid();
        });
    }

    /**
     * Attempt {@code attempt} failed for a while: the job is due again at {@code at}. Ignored when the delivery is
     * no longer PENDING or another attempt has claimed it since (its lease ran out).
     */
    @WithTransaction
    public Uni<Void> retryLater(UUID id, int attempt, Instant at, String error) {
        return pending(id).invoke(delivery -> {
            if (delivery != null && delivery.getAttempts() == attempt) {
                delivery.retryAt(at, error);
                Log.infof("%s %s to account %s via %s: attempt %d failed (%s); next at %s", delivery.getKind(),
                        delivery.getReason(), delivery.getAccountId(), delivery.getMaskedDestination(), attempt,
                        error, at);
            }
        }).replaceWithVoid();
    }

    /**
     * Attempt {@code attempt} ends the delivery: FAILED with {@code why} (the last transient error is added when
     * there was one and {@code why} does not name it), its message erased, and announced. Ignored when the delivery
     * is no longer PENDING or another attempt has claimed it since.
     */
    @WithTransaction
    public Uni<Void> failed(UUID id, int attempt, String why) {
        return pending(id).flatMap(delivery -> {
            if (delivery == null || delivery.getAttempts() != attempt) {
                return Uni.createFrom().voidItem();
            }
            String reason = delivery.getLastError() == null || why.contains(delivery.getLastError()) ? why
                    : why + "; last error: " + delivery.getLastError();
            delivery.failed(reason);
            Log.warnf("%s %s to account %s via %s: FAILED after %d attempt(s): %s", delivery.getKind(),
                    delivery.getReason(), delivery.getAccountId(), delivery.getMaskedDestination(), attempt, reason);
            return announce(delivery, delivery.getFlowId()).replaceWithVoid();
        });
    }

    /** The delivery, locked, while it is PENDING; else null. */
    private Uni<Delivery> pending(UUID id) {
        return deliveries.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .map(delivery -> delivery != null && delivery.getStatus() == DeliveryStatus.PENDING ? delivery
                        : null);
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
