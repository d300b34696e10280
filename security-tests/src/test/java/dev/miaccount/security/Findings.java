package dev.miaccount.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.miaccount.security.Http.Reply;

/**
 * The departures from the contract a test found, collected instead of stopping at the first, so that one run shows
 * everything that remains to fix.
 */
final class Findings {

    private final String title;
    private final List<String> found = new ArrayList<>();
    private int checks;

    Findings(String title) {
        this.title = title;
    }

    /** The reply must be a problem with one of the statuses, and with that slug when one is given. */
    boolean refused(String what, Reply reply, String slug, int... statuses) {
        checks++;
        boolean statusOk = Arrays.stream(statuses).anyMatch(s -> s == reply.status());
        boolean ok = statusOk && reply.isProblem() && (slug == null || slug.equals(reply.slug()));
        if (!ok) {
            found.add(what + ": expected " + Arrays.toString(statuses) + (slug == null ? "" : " " + slug)
                    + " problem, got " + reply.describe());
        }
        return ok;
    }

    boolean status(String what, Reply reply, int... statuses) {
        checks++;
        boolean ok = Arrays.stream(statuses).anyMatch(s -> s == reply.status());
        if (!ok) {
            found.add(what + ": expected " + Arrays.toString(statuses) + ", got " + reply.describe());
        }
        return ok;
    }

    boolean check(String what, boolean ok, String observed) {
        checks++;
        if (!ok) {
            found.add(what + ": " + observed);
        }
        return ok;
    }

    int checks() {
        return checks;
    }

    List<String> list() {
        return found;
    }

    void assertNone() {
        System.out.printf("[%s] %d checks, %d departures from the contract%n", title, checks, found.size());
        found.forEach(f -> System.out.println("  FOUND " + f));
        assertThat(found).as(title + ": departures from the contract").isEmpty();
    }
}
