package dev.miaccount.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * The recent events of every topic, in memory, ordered by event time (ties in arrival order) and bounded: beyond
 * {@code miaccount.dashboard.window-size} the oldest go. An event id is kept once — a redelivery or a replayed
 * record is dropped, and so is an event older than everything a full window holds. Each new event is also
 * broadcast to the live subscribers.
 */
@ApplicationScoped
public class EventWindow {

    /** How many events a slow live subscriber may fall behind before its stream ends (the page then reconnects). */
    static final int SUBSCRIBER_BUFFER = 1024;

    private record Entry(DashboardEvent event, long seq) {
    }

    private static final Comparator<Entry> ORDER = Comparator.<Entry, Instant>comparing(e -> e.event().time())
            .thenComparingLong(Entry::seq);

    private final int capacity;
    private final TreeSet<Entry> byTime = new TreeSet<>(ORDER);
    private final Map<String, Entry> byId = new HashMap<>();
    private final BroadcastProcessor<DashboardEvent> live = BroadcastProcessor.create();
    private final AtomicInteger subscribers = new AtomicInteger();
    private long nextSeq;

    @Inject
    public EventWindow(@ConfigProperty(name = "miaccount.dashboard.window-size", defaultValue = "10000") int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("miaccount.dashboard.window-size must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** @return whether the event was new: kept, and sent to the live subscribers */
    public synchronized boolean add(DashboardEvent event) {
        if (byId.containsKey(event.id())) {
            return false;
        }
        Entry entry = new Entry(event, nextSeq++);
        if (byTime.size() >= capacity && ORDER.compare(entry, byTime.first()) < 0) {
            return false;
        }
        byTime.add(entry);
        byId.put(event.id(), entry);
        while (byTime.size() > capacity) {
            byId.remove(byTime.pollFirst().event().id());
        }
        // under the lock: a BroadcastProcessor must be fed one item at a time
        live.onNext(event);
        return true;
    }

    /** The newest events that match, newest first. */
    public synchronized List<DashboardEvent> recent(EventQuery query) {
        List<DashboardEvent> found = new ArrayList<>(Math.min(query.limit(), byTime.size()));
        Iterator<Entry> newestFirst = byTime.descendingIterator();
        while (newestFirst.hasNext() && found.size() < query.limit()) {
            DashboardEvent event = newestFirst.next().event();
            if (query.matches(event)) {
                found.add(event);
            }
        }
        return found;
    }

    public synchronized int size() {
        return byTime.size();
    }

    /** New events that match, as they arrive. */
    public Multi<DashboardEvent> live(EventQuery query) {
        return live.select().where(query::matches)
                .onOverflow().buffer(SUBSCRIBER_BUFFER)
                .onSubscription().invoke(subscribers::incrementAndGet)
                .onTermination().invoke(subscribers::decrementAndGet);
    }

    /** How many live streams are open. */
    public int subscribers() {
        return subscribers.get();
    }

    @PreDestroy
    synchronized void close() {
        live.onComplete();
    }
}
