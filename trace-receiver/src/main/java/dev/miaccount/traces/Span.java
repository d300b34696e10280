package dev.miaccount.traces;

import java.util.Map;

/** One received span: hex ids (parent empty for a root), the sending service, Unix-epoch nanoseconds. */
public record Span(String traceId, String spanId, String parentSpanId, String name, String kind, String service,
        long startNanos, long endNanos, Map<String, String> attributes) {

    private static final String[] KINDS = {"UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"};

    static String kindName(int kind) {
        return kind >= 0 && kind < KINDS.length ? KINDS[kind] : "UNSPECIFIED";
    }
}
