package dev.miaccount.messaging.changes;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Values read from the database, kept in memory and forgotten the moment a transaction that changes them commits:
 * a trigger on the table notifies the channel with the key, and every process (every replica) that keeps the value
 * drops it. A value is only ever served while the channel is listened to; when the connection is lost, everything is
 * forgotten and reads go to the database until the channel is listened to again.
 *
 * <p>A read that raced a change must not be kept: a reader takes a {@link #ticket()} before it reads the database
 * and hands it to {@link #put}; the value is kept only if no notification (and no loss) came in between. Values also
 * leave after {@code maxAge}, and all of them when {@code maxEntries} is reached.
 */
public final class NotifiedCache<K, V> implements DatabaseChanges.Listener {

    /** No value may be kept for a read that started with this ticket. */
    public static final long NO_TICKET = -1;

    private record Entry<V>(V value, long expiresAtNanos) {
    }

    private final Function<String, K> keyOfPayload;
    private final long maxAgeNanos;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;

    /**
     * @param keyOfPayload the key named by a notification's payload; a payload it cannot read (it throws) drops
     *                     every value
     */
    public NotifiedCache(Function<String, K> keyOfPayload, Duration maxAge, int maxEntries) {
        this.keyOfPayload = keyOfPayload;
        this.maxAgeNanos = maxAge.toNanos();
        this.maxEntries = maxEntries;
    }

    /** The value kept for the key, or null: then read the database (after taking a ticket). */
    public V get(K key) {
        if (!listening) {
            return null;
        }
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expiresAtNanos() > 0) {
            entries.remove(key, entry);
            return null;
        }
        return entry.value();
    }

    /** Taken before reading the database for a value to {@link #put}. */
    public long ticket() {
        return listening ? generation.get() : NO_TICKET;
    }

    /** Keeps the value read with the ticket, unless something changed (or was missed) since the ticket was taken. */
    public void put(K key, V value, long ticket) {
        if (ticket == NO_TICKET || maxEntries <= 0 || generation.get() != ticket) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Entry<V> entry = new Entry<>(value, System.nanoTime() + maxAgeNanos);
        entries.put(key, entry);
        // A change noted between the check above and the put: the entry may be stale, take it back out.
        if (generation.get() != ticket) {
            entries.remove(key, entry);
        }
    }

    /** How many values are kept (for the metrics). */
    public int size() {
        return entries.size();
    }

    @Override
    public void listening() {
        generation.incrementAndGet();
        listening = true;
    }

    @Override
    public void changed(String payload) {
        generation.incrementAndGet();
        K key;
        try {
            key = keyOfPayload.apply(payload);
        } catch (RuntimeException unreadable) {
            entries.clear();
            return;
        }
        entries.remove(key);
    }

    @Override
    public void lost() {
        listening = false;
        generation.incrementAndGet();
        entries.clear();
    }
}
