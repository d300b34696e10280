package dev.miaccount.traces;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads the spans out of an OTLP {@code ExportTraceServiceRequest} in protobuf's wire format. Only the fields a
 * trace view needs are read (ids, parent, name, kind, times, string attributes and the resource's
 * {@code service.name}); every other field is skipped by its wire type, so newer senders still parse.
 */
final class OtlpSpans {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpSpans() {
    }

    /** @throws IllegalArgumentException when the bytes are no protobuf message of that shape */
    static List<Span> decode(byte[] request) {
        List<Span> spans = new ArrayList<>();
        Reader in = new Reader(request, 0, request.length);
        while (in.more()) {
            int tag = in.varint32();
            if (field(tag) == 1 && wire(tag) == 2) { // ResourceSpans
                resourceSpans(in.message(), spans);
            } else {
                in.skip(wire(tag));
            }
        }
        return spans;
    }

    private static void resourceSpans(Reader in, List<Span> spans) {
        String service = "unknown";
        List<Reader> scopes = new ArrayList<>();
        while (in.more()) {
            int tag = in.varint32();
            if (field(tag) == 1 && wire(tag) == 2) { // Resource
                Map<String, String> resource = attributes(in.message(), 1);
                service = resource.getOrDefault("service.name", service);
            } else if (field(tag) == 2 && wire(tag) == 2) { // ScopeSpans
                scopes.add(in.message());
            } else {
                in.skip(wire(tag));
            }
        }
        for (Reader scope : scopes) {
            while (scope.more()) {
                int tag = scope.varint32();
                if (field(tag) == 2 && wire(tag) == 2) {
                    spans.add(span(scope.message(), service));
                } else {
                    scope.skip(wire(tag));
                }
            }
        }
    }

    private static Span span(Reader in, String service) {
        String traceId = "";
        String spanId = "";
        String parentSpanId = "";
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        Map<String, String> attributes = new HashMap<>();
        while (in.more()) {
            int tag = in.varint32();
            switch (field(tag) * 8 + wire(tag)) {
                case 1 * 8 + 2 -> traceId = HEX.formatHex(in.bytes());
                case 2 * 8 + 2 -> spanId = HEX.formatHex(in.bytes());
                case 4 * 8 + 2 -> parentSpanId = HEX.formatHex(in.bytes());
                case 5 * 8 + 2 -> name = in.string();
                case 6 * 8 + 0 -> kind = (int) in.varint();
                case 7 * 8 + 1 -> start = in.fixed64();
                case 8 * 8 + 1 -> end = in.fixed64();
                case 9 * 8 + 2 -> keyValue(in.message(), attributes);
                default -> in.skip(wire(tag));
            }
        }
        return new Span(traceId, spanId, parentSpanId, name, Span.kindName(kind), service, start, end, attributes);
    }

    /** The string (and number, as text) attributes in the repeated KeyValue field {@code number}. */
    private static Map<String, String> attributes(Reader in, int number) {
        Map<String, String> attributes = new HashMap<>();
        while (in.more()) {
            int tag = in.varint32();
            if (field(tag) == number && wire(tag) == 2) {
                keyValue(in.message(), attributes);
            } else {
                in.skip(wire(tag));
            }
        }
        return attributes;
    }

    private static void keyValue(Reader in, Map<String, String> into) {
        String key = null;
        String value = null;
        while (in.more()) {
            int tag = in.varint32();
            if (field(tag) == 1 && wire(tag) == 2) {
                key = in.string();
            } else if (field(tag) == 2 && wire(tag) == 2) {
                value = anyValue(in.message());
            } else {
                in.skip(wire(tag));
            }
        }
        if (key != null && value != null) {
            into.put(key, value);
        }
    }

    private static String anyValue(Reader in) {
        String value = null;
        while (in.more()) {
            int tag = in.varint32();
            switch (field(tag) * 8 + wire(tag)) {
                case 1 * 8 + 2 -> value = in.string();
                case 2 * 8 + 0 -> value = Boolean.toString(in.varint() != 0);
                case 3 * 8 + 0 -> value = Long.toString(in.varint());
                case 4 * 8 + 1 -> value = Double.toString(Double.longBitsToDouble(in.fixed64()));
                default -> in.skip(wire(tag));
            }
        }
        return value;
    }

    private static int field(int tag) {
        return tag >>> 3;
    }

    private static int wire(int tag) {
        return tag & 7;
    }

    /** A bounded view of the request's bytes. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        int varint32() {
            return (int) varint();
        }

        long fixed64() {
            long result = 0;
            for (int i = 0; i < 8; i++) {
                result |= (long) (next() & 0xff) << (8 * i);
            }
            return result;
        }

        private int length() {
            long length = varint();
            if (length < 0 || length > end - pos) {
                throw new IllegalArgumentException("a field's length runs past its message");
            }
            return (int) length;
        }

        Reader message() {
            int length = length();
            Reader inner = new Reader(buf, pos, pos + length);
            pos += length;
            return inner;
        }

        byte[] bytes() {
            int length = length();
            byte[] bytes = java.util.Arrays.copyOfRange(buf, pos, pos + length);
            pos += length;
            return bytes;
        }

        String string() {
            int length = length();
            String s = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new IllegalArgumentException("truncated message");
            }
            pos += n;
        }

        private byte next() {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated message");
            }
            return buf[pos++];
        }
    }
}
