package dev.miaccount.notification.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * The {@code http} SMS adapter: POSTs {@code {"to", "text"}} as JSON to {@code miaccount.sms.http.url} with
 * {@code Authorization: Bearer <api-key>} and {@code Idempotency-Key: <deliveryId>}, through the JDK's asynchronous
 * client (no thread waits). One attempt per call: the delivery job ({@link DeliveryDispatcher}) retries, always with
 * the same key, so a provider that dedups by it sends one SMS even when an answer was lost to a timeout.
 *
 * <p>2xx: taken. 408, 429 and 5xx, a timeout or no connection: transient (tried again). Any other answer (400, 401,
 * 403, 422, ...): permanent, the delivery is FAILED.
 */
@ApplicationScoped
public class HttpSmsGateway implements Gateway {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ObjectMapper json;
    private final Optional<URI> url;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final HttpClient client;

    public HttpSmsGateway(ObjectMapper json,
            @ConfigProperty(name = "miaccount.sms.http.url") Optional<URI> url,
            @ConfigProperty(name = "miaccount.sms.http.api-key") Optional<String> apiKey,
            @ConfigProperty(name = "miaccount.sms.http.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "miaccount.sms.http.read-timeout") Duration readTimeout) {
        this.json = json;
        this.url = url;
        this.apiKey = apiKey.orElse("");
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** @throws IllegalStateException when no URL is configured (checked at startup when the adapter is chosen) */
    void requireUrl() {
        if (url.isEmpty()) {
            throw new IllegalStateException("miaccount.sms.gateway=http needs miaccount.sms.http.url");
        }
    }

    /** The longest one attempt can take. */
    Duration longestAttempt() {
        return connectTimeout.plus(readTimeout);
    }

    @Override
    public Uni<Void> send(UUID deliveryId, OutboundMessage message) {
        requireUrl();
        String body;
        try {
            body = json.writeValueAsString(Map.of("to", message.to(), "text", message.body()));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(GatewayException.permanentFailure("the SMS could not be written as JSON"));
        }
        HttpRequest request = HttpRequest.newBuilder(url.get()).timeout(readTimeout)
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY, deliveryId.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .onFailure().transform(e -> GatewayException.transientFailure(describe(unwrap(e))))
                .map(response -> {
                    int status = response.statusCode();
                    if (status / 100 == 2) {
                        return null;
                    }
                    throw transientStatus(status)
                            ? GatewayException.transientFailure("SMS gateway answered " + status)
                            : GatewayException.permanentFailure("SMS gateway refused the message: " + status);
                });
    }

    /** Worth another attempt: the provider is overloaded, down or slow, not refusing this message. */
    static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private String describe(Throwable failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return "SMS gateway: no connection within " + connectTimeout.toMillis() + " ms";
        }
        if (failure instanceof HttpTimeoutException) {
            return "SMS gateway did not answer within " + readTimeout.toMillis() + " ms";
        }
        return "SMS gateway unreachable: " + failure.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
