package dev.miaccount.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The window's bounds and order, without Kafka. */
class EventWindowTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private static DashboardEvent event(String id, int second) {
        return event(id, second, "3277777128");
    }

    private static DashboardEvent event(String id, int second, String subject) {
        return new DashboardEvent(id, "account.registered.v1", "account-service", subject, T0.plusSeconds(second),
                "flow-" + id, null, JsonNodeFactory.instance.objectNode().put("n", id));
    }

    private static List<String> ids(List<DashboardEvent> events) {
        return events.stream().map(DashboardEvent::id).toList();
    }

    @Test
    void keepsTheNewestByEventTimeWhateverOrderTheyArriveIn() {
        EventWindow window = new EventWindow(3);
        window.add(event("b", 2));
        window.add(event("d", 4));
        window.add(event("a", 1));
        window.add(event("c", 3));
        assertThat(ids(window.recent(EventQuery.of(null, null, null, null)))).containsExactly("d", "c", "b");
        assertThat(window.size()).isEqualTo(3);
    }

    @Test
    void dropsADuplicateAndAnEventOlderThanAFullWindow() {
        EventWindow window = new EventWindow(2);
        List<DashboardEvent> live = new CopyOnWriteArrayList<>();
        window.live(EventQuery.of(null, null, null, null)).subscribe().with(live::add);

        assertThat(window.add(event("a", 5))).isTrue();
        assertThat(window.add(event("a", 5))).isFalse();
        assertThat(window.add(event("b", 6))).isTrue();
        assertThat(window.add(event("old", 1))).isFalse();
        assertThat(window.add(event("c", 7))).isTrue();

        assertThat(ids(window.recent(EventQuery.of(null, null, null, null)))).containsExactly("c", "b");
        assertThat(ids(live)).containsExactly("a", "b", "c");
    }

    @Test
    void tiesInTimeKeepTheirArrivalOrder() {
        EventWindow window = new EventWindow(10);
        window.add(event("first", 1));
        window.add(event("second", 1));
        assertThat(ids(window.recent(EventQuery.of(null, null, null, null)))).containsExactly("second", "first");
    }

    @Test
    void filtersAndLimits() {
        EventWindow window = new EventWindow(10);
        window.add(event("a", 1, "phone-1"));
        window.add(event("b", 2, "3277777128"));
        window.add(event("c", 3, "phone-1"));
        window.add(event("d", 4, "phone-1"));
        assertThat(ids(window.recent(EventQuery.of("phone-1", "", "", "2")))).containsExactly("d", "c");
        assertThat(ids(window.recent(EventQuery.of(null, null, "flow-b", null)))).containsExactly("b");
    }

    @Test
    void streamsOnlyMatchingEventsToAFilteredSubscriber() {
        EventWindow window = new EventWindow(10);
        List<DashboardEvent> live = new CopyOnWriteArrayList<>();
        window.live(EventQuery.of("phone-1", null, null, null)).subscribe().with(live::add);
        assertThat(window.subscribers()).isEqualTo(1);
        window.add(event("a", 1, "phone-1"));
        window.add(event("b", 2, "phone-2"));
        assertThat(ids(live)).containsExactly("a");
    }
}
