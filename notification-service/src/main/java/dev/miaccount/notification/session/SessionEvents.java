package dev.miaccount.notification.session;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.miaccount.auth.TrackedSessions;
import dev.miaccount.events.DeviceSessionsRevoked;
import dev.miaccount.events.SessionOpened;
import dev.miaccount.events.SessionRevoked;
import dev.miaccount.messaging.PoisonEventException;
import dev.miaccount.messaging.ReceivedEvent;
import io.smallrye.mutiny.Uni;

/**
 * account-service's sessions as its events tell them, kept by the auth module ({@link TrackedSessions}) so that
 * this service refuses a revoked session's token at once, and one it never learnt after the grace. Each method runs
 * inside the account-events consumer's transaction, with the record of the event.
 */
@ApplicationScoped
public class SessionEvents {

    private final TrackedSessions sessions;

    public SessionEvents(TrackedSessions sessions) {
        this.sessions = sessions;
    }

    /** {@code account.session-opened.v1}. @throws PoisonEventException when it names no session or account */
    public Uni<Void> opened(ReceivedEvent event) {
        SessionOpened opened = event.data(SessionOpened.class);
        requireAccountId(event, opened.accountId());
        String deviceId = opened.device() == null ? null : opened.device().deviceId();
        return sessions.opened(sessionId(event, opened.sessionId()), opened.accountId(), deviceId);
    }

    /** {@code account.session-revoked.v1}. @throws PoisonEventException when it names no session or account */
    public Uni<Void> revoked(ReceivedEvent event) {
        SessionRevoked revoked = event.data(SessionRevoked.class);
        requireAccountId(event, revoked.accountId());
        return sessions.revoked(List.of(sessionId(event, revoked.sessionId())), revoked.accountId(),
                revoked.deviceId());
    }

    /**
     * {@code account.device-sessions-revoked.v1}: every session it names (none, when the phone had none left).
     *
     * @throws PoisonEventException when it names no account or a malformed session id
     */
    public Uni<Void> deviceSessionsRevoked(ReceivedEvent event) {
        DeviceSessionsRevoked revoked = event.data(DeviceSessionsRevoked.class);
        requireAccountId(event, revoked.accountId());
        List<UUID> ids = revoked.sessionIds() == null ? List.of()
                : revoked.sessionIds().stream().map(id -> sessionId(event, id)).toList();
        return ids.isEmpty() ? Uni.createFrom().voidItem()
                : sessions.revoked(ids, revoked.accountId(), revoked.deviceId());
    }

    private static UUID sessionId(ReceivedEvent event, String sessionId) {
        try {
            return UUID.fromString(sessionId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PoisonEventException("event " + event.id() + " of type " + event.type()
                    + " names no valid sessionId");
        }
    }

    private static void requireAccountId(ReceivedEvent event, String accountId) {
        if (accountId == null || !accountId.matches("[0-9]{10}")) {
            throw new PoisonEventException("event " + event.id() + " of type " + event.type()
                    + " names no valid accountId");
        }
    }
}
