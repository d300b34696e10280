package dev.miaccount.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OTLP protobuf in over HTTP, the trace out in Jaeger's shape; encoded here by hand as an exporter would. */
class TraceReceiverTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static TraceReceiver receiver;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        receiver = TraceReceiver.start("127.0.0.1", 0, 0);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void spansOfTwoServicesComeBackAsOneTraceWithParentsAndServices() throws Exception {
        byte[] request = request(
                resourceSpans("account-service", span(TRACE, "00f067aa0ba902b7", "", "POST /api/v1/devices", 2, 1_000)),
                resourceSpans("device-service", span(TRACE, "1111111111111111", "00f067aa0ba902b7",
                        "device-events receive", 5, 2_000)));
        assertThat(post(request, false).statusCode()).isEqualTo(200);

        List<Span> spans = receiver.spans(TRACE);
        assertThat(spans).extracting(Span::service).containsExactly("account-service", "device-service");
        assertThat(spans.get(1).parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(spans.get(1).kind()).isEqualTo("CONSUMER");
        assertThat(spans.get(0).attributes()).containsEntry("http.route", "/api/v1/devices");

        HttpResponse<String> trace = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.queryPort() + "/api/traces/" + TRACE)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(trace.statusCode()).isEqualTo(200);
        assertThat(trace.body()).contains("\"operationName\":\"device-events receive\"",
                "{\"refType\":\"CHILD_OF\",\"traceID\":\"" + TRACE + "\",\"spanID\":\"00f067aa0ba902b7\"}",
                "\"serviceName\":\"device-service\"", "\"startTime\":2");
    }

    @Test
    void aGzippedExportIsReadToo() throws Exception {
        String trace = "0af7651916cd43dd8448eb211c80319c";
        assertThat(post(request(resourceSpans("notification-service",
                span(trace, "b7ad6b7169203331", "", "alert", 1, 5))), true).statusCode()).isEqualTo(200);
        assertThat(receiver.spans(trace)).extracting(Span::name).containsExactly("alert");
    }

    @Test
    void anUnknownTraceIs404AndGarbageIs400() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + receiver.queryPort() + "/api/traces/ffffffffffffffffffffffffffffffff")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(post(new byte[] {0x0a, 0x7f, 0x01}, false).statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> post(byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.otlpPort() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(body);
            }
            body = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // --- protobuf by hand: tag = field << 3 | wire type ---

    static byte[] request(byte[]... resourceSpans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : resourceSpans) {
            field(out, 1, r);
        }
        return out.toByteArray();
    }

    static byte[] resourceSpans(String service, byte[] span) {
        ByteArrayOutputStream resource = new ByteArrayOutputStream();
        field(resource, 1, keyValue("service.name", service));
        ByteArrayOutputStream scope = new ByteArrayOutputStream();
        field(scope, 2, span);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, 1, resource.toByteArray());
        field(out, 2, scope.toByteArray());
        return out.toByteArray();
    }

    static byte[] span(String trace, String id, String parent, String name, int kind, long start) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, 1, HexFormat.of().parseHex(trace));
        field(out, 2, HexFormat.of().parseHex(id));
        if (!parent.isEmpty()) {
            field(out, 4, HexFormat.of().parseHex(parent));
        }
        field(out, 5, name.getBytes(StandardCharsets.UTF_8));
        out.write(6 << 3);
        out.write(kind);
        fixed64(out, 7, start);
        fixed64(out, 8, start + 10);
        field(out, 9, keyValue("http.route", "/api/v1/devices"));
        return out.toByteArray();
    }

    static byte[] keyValue(String key, String value) {
        ByteArrayOutputStream any = new ByteArrayOutputStream();
        field(any, 1, value.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, 1, key.getBytes(StandardCharsets.UTF_8));
        field(out, 2, any.toByteArray());
        return out.toByteArray();
    }

    static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        out.write(number << 3 | 2);
        int length = bytes.length;
        while (length >= 0x80) {
            out.write(length & 0x7f | 0x80);
            length >>>= 7;
        }
        out.write(length);
        out.writeBytes(bytes);
    }

    static void fixed64(ByteArrayOutputStream out, int number, long value) {
        out.write(number << 3 | 1);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }
}
