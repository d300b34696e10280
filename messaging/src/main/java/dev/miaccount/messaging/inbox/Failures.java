package dev.miaccount.messaging.inbox;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

import com.fasterxml.jackson.core.JacksonException;

import dev.miaccount.messaging.PoisonEventException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

/**
 * Sorts the failure of an effect into what the consumer does about it.
 *
 * <ul>
 * <li>{@link Kind#POISON}: the record itself can never be processed (a {@link PoisonEventException} anywhere in
 * the causes: no CloudEvent, data that breaks the contract, a permanent rule the event violates). Straight to the
 * dead-letter topic.</li>
 * <li>{@link Kind#TRANSIENT}: the world, not the record, is at fault — the database or the broker cannot be
 * reached, a connection dropped, a timeout, a serialization failure, a deadlock or a lock timeout of PostgreSQL, a
 * server shutting down or starting up. Retried for as long as it lasts; the record is never dead-lettered for
 * it.</li>
 * <li>{@link Kind#UNKNOWN}: anything else (a bug, a database rule the data breaks): retried a few times, because a
 * race may explain it, then dead-lettered, from where it can be re-driven after the fix.</li>
 * </ul>
 */
public final class Failures {

    public enum Kind {
        POISON, TRANSIENT, UNKNOWN
    }

    /** SQLSTATE classes and codes of PostgreSQL that say "try again later", not "this data is wrong". */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of(
            "08", // connection exception
            "40", // transaction rollback: serialization failure 40001, deadlock 40P01
            "53", // insufficient resources: too many connections, out of memory, disk full
            "57", // operator intervention: admin/crash shutdown, cannot connect now, query canceled (timeouts)
            "58"); // system error (I/O)
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of(
            "55P03", // lock_not_available (lock_timeout, NOWAIT)
            "55006", // object_in_use
            "25006", // read_only_sql_transaction: a failover left us on a standby
            "25P03", // idle_in_transaction_session_timeout
            "57P05"); // idle_session_timeout

    /** Types known by name only, so that no optional library has to be on the classpath. */
    private static final Set<String> TRANSIENT_TYPES = Set.of(
            "io.netty.channel.ConnectTimeoutException",
            "io.netty.channel.StacklessClosedChannelException",
            "io.vertx.core.http.ConnectionPoolTooBusyException",
            "io.vertx.core.impl.NoStackTraceTimeoutException",
            "org.hibernate.exception.JDBCConnectionException",
            "org.hibernate.exception.LockAcquisitionException",
            "org.hibernate.exception.LockTimeoutException",
            "org.hibernate.PessimisticLockException",
            "org.hibernate.StaleObjectStateException",
            "org.hibernate.StaleStateException",
            "jakarta.persistence.OptimisticLockException",
            "jakarta.persistence.PessimisticLockException",
            "jakarta.persistence.LockTimeoutException",
            "jakarta.persistence.QueryTimeoutException");

    private Failures() {
    }

    public static Kind classify(Throwable failure) {
        boolean transientCause = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 25; t = t.getCause(), depth++) {
            if (t instanceof PoisonEventException) {
                return Kind.POISON;
            }
            transientCause |= isTransient(t);
            if (t.getCause() == t) {
                break;
            }
        }
        return transientCause ? Kind.TRANSIENT : Kind.UNKNOWN;
    }

    private static boolean isTransient(Throwable t) {
        if ((t instanceof IOException && !(t instanceof JacksonException)) || t instanceof TimeoutException || t instanceof RetriableException
                || t instanceof ClosedConnectionException) {
            return true;
        }
        if (t instanceof DatabaseException db && db.getSqlState() != null) {
            String state = db.getSqlState();
            return TRANSIENT_SQL_STATES.contains(state)
                    || (state.length() >= 2 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)));
        }
        for (Class<?> type = t.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            if (TRANSIENT_TYPES.contains(type.getName())) {
                return true;
            }
        }
        String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("timeout") || message.contains("timed out")
                || (message.contains("connection") && (message.contains("closed") || message.contains("reset")
                        || message.contains("refused") || message.contains("lost") || message.contains("not open")))
                || message.contains("pool closed") || message.contains("database system is");
    }

    /** One line about a failure, for logs, readiness and the dead-letter reason. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 25; depth++) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            text += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}
