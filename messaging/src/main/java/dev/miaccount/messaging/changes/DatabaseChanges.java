package dev.miaccount.messaging.changes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

/**
 * The database's change notifications (LISTEN/NOTIFY) for the in-memory views of this process, on one connection of
 * its own. A listener is told when its channel is listened to, of every notification, and when the connection is
 * lost: notifications sent meanwhile are lost with it, so a view must forget everything then and trust nothing
 * until its channel is listened to again (reconnection is tried every second).
 */
@ApplicationScoped
public class DatabaseChanges {

    /** What a view is told. Called on the connection's event loop: keep it short. */
    public interface Listener {

        /** The channel is listened to: notifications from now on arrive. */
        void listening();

        void changed(String payload);

        /** The connection is lost: notifications may have been missed. */
        void lost();
    }

    private static final long RECONNECT_MILLIS = 1000;

    private final Vertx vertx;
    private final PgConnectOptions options;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;
    private boolean stopped;

    public DatabaseChanges(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String reactiveUrl,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(reactiveUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(username).setPassword(password);
    }

    /** Starts listening to the channel (connecting first if this is the first one); one listener per channel. */
    public synchronized void listen(String channel, Listener listener) {
        if (listeners.putIfAbsent(channel, listener) != null) {
            throw new IllegalStateException("channel " + channel + " already has a listener");
        }
        if (subscriber == null) {
            connect();
        } else {
            subscribe(subscriber, channel, listener);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber current;
        synchronized (this) {
            stopped = true;
            current = subscriber;
        }
        if (current != null) {
            current.close();
        }
    }

    // No reconnect policy on the subscriber: with one it reconnects without telling anyone that the connection (and
    // the notifications of that moment) was lost. Each connection gets a new subscriber instead.
    private synchronized void connect() {
        if (stopped) {
            return;
        }
        PgSubscriber next = PgSubscriber.subscriber(vertx, options);
        subscriber = next;
        listeners.forEach((channel, listener) -> subscribe(next, channel, listener));
        next.closeHandler(ignored -> reconnectLater(next));
        next.connect().onFailure(failure -> {
            Log.warnf("cannot LISTEN for database changes (%s); in-memory views stay off until it can",
                    failure.getMessage());
            reconnectLater(next);
        });
    }

    private synchronized void reconnectLater(PgSubscriber lost) {
        if (subscriber != lost) {
            return; // already replaced
        }
        listeners.values().forEach(Listener::lost);
        if (!stopped) {
            Log.warn("the LISTEN connection for database changes is lost; in-memory views off until it is back");
            subscriber = null;
            vertx.setTimer(RECONNECT_MILLIS, id -> reconnectIfIdle());
        }
    }

    private synchronized void reconnectIfIdle() {
        if (subscriber == null) {
            connect();
        }
    }

    private static void subscribe(PgSubscriber subscriber, String channel, Listener listener) {
        subscriber.channel(channel).subscribeHandler(ignored -> listener.listening()).handler(listener::changed);
    }
}
