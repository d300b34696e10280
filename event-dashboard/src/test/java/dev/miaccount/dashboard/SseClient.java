package dev.miaccount.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;

/** Follows a server-sent-events stream with the JDK's client and keeps every {@code data:} line it receives. */
final class SseClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> data = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Void>> exchange;
    /** Status and headers: known as soon as the server sent them, while the body streams on. */
    final HttpResponse.ResponseInfo response;

    SseClient(String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + pathAndQuery))
                .header("Accept", "text/event-stream").GET().build();
        CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
        exchange = HttpClient.newHttpClient().sendAsync(request, info -> {
            head.complete(info);
            return HttpResponse.BodySubscribers.fromLineSubscriber(new Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription.complete(s);
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring("data:".length()).strip());
                    }
                }

                @Override
                public void onError(Throwable failure) {
                    // the test closed it, or the application stopped
                }

                @Override
                public void onComplete() {
                }
            });
        });
        response = head.get(30, TimeUnit.SECONDS);
    }

    /** The events received so far, parsed. */
    List<JsonNode> events() {
        return data.stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not JSON on the stream: " + line, e);
            }
        }).toList();
    }

    List<String> ids() {
        return events().stream().map(event -> event.path("id").asText()).toList();
    }

    @Override
    public void close() {
        subscription.thenAccept(Flow.Subscription::cancel);
        exchange.cancel(true);
    }
}
