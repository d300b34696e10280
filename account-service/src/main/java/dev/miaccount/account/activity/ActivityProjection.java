package dev.miaccount.account.activity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.account.session.SessionService;
import dev.miaccount.events.ContactChanged;
import dev.miaccount.events.DeviceEvent;
import dev.miaccount.events.EventTypes;
import dev.miaccount.events.PasswordChanged;
import dev.miaccount.events.PasswordResetRequested;
import dev.miaccount.events.SessionOpened;
import dev.miaccount.events.SessionRevoked;
import dev.miaccount.events.SignInFailed;
import dev.miaccount.events.SignedOutEverywhere;
import dev.miaccount.messaging.ReceivedEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Builds the security activity from the events: each event of interest becomes one row keyed by its id and dated
 * by its own time, so a redelivery adds nothing and a replay of the topics rebuilds the same rows. Rows older than
 * {@code miaccount.activity.retention} are dropped, and a replay does not bring them back.
 */
@ApplicationScoped
public class ActivityProjection {

    /** What the account holder reads, one name per kind of event. */
    public record Entry(String accountId, String type, Instant at, String deviceId, String model) {
    }

    /** Revocations that a more telling entry of their own flow already shows. */
    private static final Set<String> SHOWN_BY_THEIR_FLOW = Set.of("DEVICE_SIGNED_OUT", "DEVICE_DELETED",
            "DEVICE_RESET", "PASSWORD_CHANGED", SessionService.REASON_SIGNED_OUT_EVERYWHERE, "BINDING_REJECTED");

    private final Pool pool;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration retention;
    private long cleanupTimer = -1;

    public ActivityProjection(Pool pool, Vertx vertx, Clock clock,
            @ConfigProperty(name = "miaccount.activity.retention") Duration retention) {
        this.pool = pool;
        this.vertx = vertx;
        this.clock = clock;
        this.retention = retention;
    }

    void start(@Observes StartupEvent event) {
        cleanupTimer = vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> dropExpired());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(cleanupTimer);
    }

    /**
     * Runs inside the consumer's transaction. Only an account that exists gets a row: an erased account's events (a
     * late one, a replay) add nothing. The account row is share-locked for it, so an erasure (which locks the row
     * first) and this insert are ordered: either the erasure sees the row and deletes it, or the insert sees no account.
     */
    public Uni<Void> apply(ReceivedEvent event) {
        Entry entry = entryOf(event);
        if (entry == null || entry.accountId() == null || entry.at().isBefore(Instant.now(clock).minus(retention))) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO activity (event_id, account_id, type, at, device_id, model, flow_id)
                SELECT :id, :account, :type, :at, :device, :model, :flow
                 WHERE EXISTS (SELECT 1 FROM account WHERE account_id = :account FOR KEY SHARE)
                ON CONFLICT (event_id) DO NOTHING
                """)
                .setParameter("id", event.id())
                .setParameter("account", entry.accountId())
                .setParameter("type", entry.type())
                .setParameter("at", entry.at())
                .setParameter("device", entry.deviceId())
                .setParameter("model", entry.model())
                .setParameter("flow", event.flowId())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The event types {@link #entryOf} can make an entry of; the consumers leave the others alone. */
    static final Set<String> SHOWN_TYPES = Set.of(EventTypes.SESSION_OPENED, EventTypes.SIGN_IN_FAILED,
            EventTypes.SESSION_REVOKED, EventTypes.SIGNED_OUT_EVERYWHERE, EventTypes.PASSWORD_RESET_REQUESTED,
            EventTypes.PASSWORD_CHANGED, EventTypes.CONTACT_CHANGED, EventTypes.DEVICE_SIGNED_OUT,
            EventTypes.DEVICE_DELETED, EventTypes.DEVICE_LOCKED, EventTypes.DEVICE_ACTIVATED,
            EventTypes.DEVICE_FIND_DEVICE_CHANGED);

    /** @return the entry an event makes, or null for an event the activity does not show */
    static Entry entryOf(ReceivedEvent event) {
        Instant at = event.time() != null ? event.time().toInstant() : null;
        return switch (event.type()) {
            case EventTypes.SESSION_OPENED -> {
                SessionOpened opened = event.data(SessionOpened.class);
                yield new Entry(opened.accountId(), "SIGNED_IN", at(at, opened.openedAt()),
                        opened.device() == null ? null : opened.device().deviceId(),
                        opened.device() == null ? null : opened.device().model());
            }
            case EventTypes.SIGN_IN_FAILED -> {
                SignInFailed failed = event.data(SignInFailed.class);
                yield new Entry(failed.accountId(), failed.lockedUntil() != null ? "LOCKED_OUT" : "SIGN_IN_FAILED",
                        at(at, failed.at()), failed.deviceId(), failed.model());
            }
            case EventTypes.SESSION_REVOKED -> {
                SessionRevoked revoked = event.data(SessionRevoked.class);
                yield SHOWN_BY_THEIR_FLOW.contains(revoked.reason()) ? null
                        : new Entry(revoked.accountId(), "SESSION_REVOKED", at(at, revoked.revokedAt()),
                                revoked.deviceId(), null);
            }
            case EventTypes.SIGNED_OUT_EVERYWHERE -> {
                SignedOutEverywhere everywhere = event.data(SignedOutEverywhere.class);
                yield new Entry(everywhere.accountId(), "SIGNED_OUT_EVERYWHERE", at(at, everywhere.at()), null, null);
            }
            case EventTypes.PASSWORD_RESET_REQUESTED -> {
                PasswordResetRequested reset = event.data(PasswordResetRequested.class);
                yield new Entry(reset.accountId(), "PASSWORD_RESET_REQUESTED", at(at, reset.requestedAt()), null, null);
            }
            case EventTypes.PASSWORD_CHANGED -> {
                PasswordChanged changed = event.data(PasswordChanged.class);
                yield new Entry(changed.accountId(), "PASSWORD_CHANGED", at(at, changed.changedAt()), null, null);
            }
            case EventTypes.CONTACT_CHANGED -> {
                ContactChanged changed = event.data(ContactChanged.class);
                yield new Entry(changed.accountId(), "CONTACT_CHANGED", at(at, changed.changedAt()), null, null);
            }
            case EventTypes.DEVICE_SIGNED_OUT -> device(event, "SIGNED_OUT", at);
            case EventTypes.DEVICE_DELETED -> device(event, "DEVICE_DELETED", at);
            case EventTypes.DEVICE_LOCKED -> device(event, "DEVICE_LOCKED", at);
            case EventTypes.DEVICE_ACTIVATED -> device(event, "DEVICE_ACTIVATED", at);
            case EventTypes.DEVICE_FIND_DEVICE_CHANGED -> device(event, "FIND_DEVICE_CHANGED", at);
            default -> null;
        };
    }

    private static Entry device(ReceivedEvent event, String type, Instant at) {
        DeviceEvent device = event.data(DeviceEvent.class);
        return new Entry(device.accountId(), type, at(at, device.at()), device.deviceId(), device.model());
    }

    /** The event's own time; the data's when the record has none. */
    private static Instant at(Instant eventTime, Instant dataTime) {
        return eventTime != null ? eventTime : dataTime;
    }

    private void dropExpired() {
        pool.preparedQuery("DELETE FROM activity WHERE at < $1")
                .execute(Tuple.of(Instant.now(clock).minus(retention).atOffset(java.time.ZoneOffset.UTC)))
                .subscribe().with(rows -> Log.debugf("dropped %d activity rows past retention", rows.rowCount()),
                        failure -> Log.warnf("activity cleanup failed: %s", failure.getMessage()));
    }
}
