package dev.miaccount.traces;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The subset of Jaeger's query API JSON that a trace view reads: spans, their parent, times and processes. */
final class JaegerJson {

    private JaegerJson() {
    }

    static String trace(String traceId, List<Span> spans) {
        Map<String, String> processOf = new LinkedHashMap<>();
        spans.forEach(span -> processOf.computeIfAbsent(span.service(), s -> "p" + (processOf.size() + 1)));
        StringBuilder json = new StringBuilder("{\"data\":[{\"traceID\":").append(quote(traceId)).append(",\"spans\":[");
        for (int i = 0; i < spans.size(); i++) {
            Span span = spans.get(i);
            json.append(i == 0 ? "" : ",").append("{\"traceID\":").append(quote(span.traceId()))
                    .append(",\"spanID\":").append(quote(span.spanId()))
                    .append(",\"operationName\":").append(quote(span.name()))
                    .append(",\"references\":[");
            if (!span.parentSpanId().isEmpty()) {
                json.append("{\"refType\":\"CHILD_OF\",\"traceID\":").append(quote(span.traceId()))
                        .append(",\"spanID\":").append(quote(span.parentSpanId())).append('}');
            }
            json.append("],\"startTime\":").append(span.startNanos() / 1000)
                    .append(",\"duration\":").append(Math.max(0, span.endNanos() - span.startNanos()) / 1000)
                    .append(",\"processID\":").append(quote(processOf.get(span.service())))
                    .append(",\"tags\":[");
            String separator = "";
            for (Map.Entry<String, String> tag : span.attributes().entrySet()) {
                json.append(separator).append("{\"key\":").append(quote(tag.getKey()))
                        .append(",\"type\":\"string\",\"value\":").append(quote(tag.getValue())).append('}');
                separator = ",";
            }
            json.append(separator).append("{\"key\":\"span.kind\",\"type\":\"string\",\"value\":")
                    .append(quote(span.kind().toLowerCase())).append("}]}");
        }
        json.append("],\"processes\":{");
        String separator = "";
        for (Map.Entry<String, String> process : processOf.entrySet()) {
            json.append(separator).append(quote(process.getValue())).append(":{\"serviceName\":")
                    .append(quote(process.getKey())).append(",\"tags\":[]}");
            separator = ",";
        }
        return json.append("}}]}").toString();
    }

    static String services(Collection<String> services) {
        StringBuilder json = new StringBuilder("{\"data\":[");
        String separator = "";
        for (String service : services) {
            json.append(separator).append(quote(service));
            separator = ",";
        }
        return json.append("],\"total\":").append(services.size()).append('}').toString();
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
