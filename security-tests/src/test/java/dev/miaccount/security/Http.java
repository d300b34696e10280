package dev.miaccount.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Raw HTTP as an attacker sends it: any method, any bytes, any content type, chunked or not. Every request is
 * bounded in time; a connection the server closes without an answer is a {@link Reply} with status 0.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(3);
    private static final int MAX_BODY = 1 << 20;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * For uploads the server may refuse by closing the connection (413): kept apart, so that the connections it
     * closes are never picked up again by the other requests.
     */
    private static final HttpClient BULK = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** What the server answered; {@code status == 0} when it closed the connection without an answer. */
    record Reply(String method, String url, int status, Map<String, List<String>> headers, String body,
            String error) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return body == null || body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        String text(String field) {
            JsonNode json = json();
            return json == null || !json.hasNonNull(field) ? null : json.get(field).asText();
        }

        /** An RFC 9457 problem: its media type, and type, title, status (the HTTP status) and detail. */
        boolean isProblem() {
            JsonNode json = json();
            return contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json") && json != null
                    && json.isObject() && json.hasNonNull("type") && json.hasNonNull("title")
                    && json.hasNonNull("detail") && json.path("status").asInt(-1) == status;
        }

        /** The last part of the problem type: {@code .../problems/password-required} → {@code password-required}. */
        String slug() {
            String type = text("type");
            return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
        }

        String describe() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            String target = url.length() > 160 ? url.substring(0, 160) + "...(" + url.length() + " chars)" : url;
            return method + " " + target + " -> " + (status == 0 ? "no answer (" + error + ")"
                    : status + " [" + contentType() + "] " + shown);
        }
    }

    /** A request under construction. */
    static final class Call {
        private final String method;
        private final String url;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body;
        private boolean chunked;
        private boolean expectContinue;

        private Call(String method, String url) {
            this.method = method;
            this.url = url;
        }

        Call header(String name, String value) {
            headers.add(new String[] { name, value });
            return this;
        }

        Call bearer(String token) {
            return token == null ? this : header("Authorization", "Bearer " + token);
        }

        Call json(Object body) {
            try {
                return body(JSON.writeValueAsBytes(body), "application/json");
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }

        Call body(byte[] bytes, String contentType) {
            this.body = bytes;
            return contentType == null ? this : header("Content-Type", contentType);
        }

        Call body(String text, String contentType) {
            return body(text.getBytes(StandardCharsets.UTF_8), contentType);
        }

        /** Sends the body with chunked transfer encoding instead of a Content-Length. */
        Call chunked() {
            this.chunked = true;
            return this;
        }

        /** Asks {@code Expect: 100-continue} first, so that a refusal arrives before the body is sent. */
        Call expectContinue() {
            this.expectContinue = true;
            return this;
        }

        Reply send() {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).method(method, publisher)
                        .expectContinue(expectContinue);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a request the client can send: " + method + " " + url, e);
            }
            headers.forEach(h -> request.header(h[0], h[1]));
            try {
                HttpClient client = chunked || expectContinue || (body != null && body.length > 64 * 1024) ? BULK
                        : CLIENT;
                HttpResponse<InputStream> response;
                try {
                    response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException e) {
                    // a kept-alive connection the server had just closed: once more, on a new one
                    if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                        throw e;
                    }
                    response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                }
                String text;
                try (InputStream in = response.body()) {
                    boolean stream = response.headers().firstValue("Content-Type").orElse("")
                            .startsWith("text/event-stream");
                    // A live event stream never ends: its status and headers are the answer. Any other body that
                    // is still coming after a few seconds is a stream too (a Multi as a JSON array, say).
                    text = stream ? "" : readBounded(in);
                }
                return new Reply(method, url, response.statusCode(), response.headers().map(), text, null);
            } catch (IOException e) {
                return new Reply(method, url, 0, Map.of(), null, e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors
            .newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "body-reader");
                thread.setDaemon(true);
                return thread;
            });

    private static String readBounded(InputStream in) throws IOException {
        java.util.concurrent.Future<byte[]> read = READERS.submit(() -> in.readNBytes(MAX_BODY));
        try {
            return new String(read.get(BODY_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                    StandardCharsets.UTF_8);
        } catch (java.util.concurrent.TimeoutException e) {
            read.cancel(true);
            return "(body still streaming after " + BODY_TIMEOUT.toSeconds() + " s)";
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Call call(String method, String url) {
        return new Call(method, url);
    }

    static Call get(String url) {
        return call("GET", url);
    }

    static Call post(String url) {
        return call("POST", url);
    }

    static Call put(String url) {
        return call("PUT", url);
    }

    static Call patch(String url) {
        return call("PATCH", url);
    }

    static Call delete(String url) {
        return call("DELETE", url);
    }

    /**
     * Writes the request bytes as they are on a new connection (for what no HTTP client will send: broken escapes,
     * raw bytes in the request line, conflicting lengths) and reads the answer until the server closes.
     */
    static Reply raw(String baseUrl, String label, byte[] request) {
        URI base = URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            byte[] answer;
            try {
                answer = socket.getInputStream().readNBytes(MAX_BODY);
            } catch (java.net.SocketTimeoutException e) {
                return new Reply("RAW", baseUrl + " " + label, 0, Map.of(), null, "no answer within 10 s");
            }
            return parse(baseUrl + " " + label, answer);
        } catch (IOException e) {
            return new Reply("RAW", baseUrl + " " + label, 0, Map.of(), null,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Reply parse(String label, byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            return new Reply("RAW", label, 0, Map.of(), null, "closed without an HTTP answer (" + answer.length
                    + " bytes)");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        String body = text.substring(end + 4); // bytes as ISO-8859-1 chars, so that chunk sizes count bytes
        List<String> encoding = headers.getOrDefault("Transfer-Encoding", List.of());
        if (encoding.stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return new Reply("RAW", label, status, headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8), null);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
