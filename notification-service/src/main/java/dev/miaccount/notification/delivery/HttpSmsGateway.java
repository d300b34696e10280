package dev.miaccount.notification.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * The {@code http} SMS adapter: POSTs {@code {"to", "text"}} as JSON to {@code miaccount.sms.http.url} with
 * {@code Authorization: Bearer <api-key>}, through the JDK's asynchronous client (no thread waits). A failure or a
 * non-2xx answer is retried with exponential backoff, {@code attempts} times in all.
 */
@ApplicationScoped
public class HttpSmsGateway implements Gateway {

    private final ObjectMapper json;
    private final Optional<URI> url;
    private final String apiKey;
    private final Duration readTimeout;
    private final int attempts;
    private final Duration initialBackoff;
    private final HttpClient client;

    public HttpSmsGateway(ObjectMapper json,
            @ConfigProperty(name = "miaccount.sms.http.url") Optional<URI> url,
            @ConfigProperty(name = "miaccount.sms.http.api-key") Optional<String> apiKey,
            @ConfigProperty(name = "miaccount.sms.http.connect-timeout") Duration connectTimeout,
            @ConfigProperty(name = "miaccount.sms.http.read-timeout") Duration readTimeout,
            @ConfigProperty(name = "miaccount.sms.http.attempts") int attempts,
            @ConfigProperty(name = "miaccount.sms.http.initial-backoff") Duration initialBackoff) {
        this.json = json;
        this.url = url;
        this.apiKey = apiKey.orElse("");
        this.readTimeout = readTimeout;
        this.attempts = Math.max(1, attempts);
        this.initialBackoff = initialBackoff;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** @throws IllegalStateException when no URL is configured (checked at startup when the adapter is chosen) */
    void requireUrl() {
        if (url.isEmpty()) {
            throw new IllegalStateException("miaccount.sms.gateway=http needs miaccount.sms.http.url");
        }
    }

    @Override
    public Uni<Void> send(OutboundMessage message) {
        requireUrl();
        String body;
        try {
            body = json.writeValueAsString(Map.of("to", message.to(), "text", message.body()));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new GatewayException("the SMS could not be written as JSON"));
        }
        HttpRequest request = HttpRequest.newBuilder(url.get()).timeout(readTimeout)
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Uni<Void> once = Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .onFailure().transform(e -> new GatewayException("SMS gateway unreachable: "
                        + e.getClass().getSimpleName()))
                .map(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new GatewayException("SMS gateway answered " + response.statusCode());
                    }
                    return null;
                });
        if (attempts == 1) {
            return once;
        }
        return once.onFailure().retry().withBackOff(initialBackoff, initialBackoff.multipliedBy(16))
                .atMost(attempts - 1L)
                .onFailure().transform(e -> new GatewayException(lastFailure(e).getMessage() + " (" + attempts
                        + " attempts)"));
    }

    /** Mutiny reports exhausted retries as its own exception, caused by the last failure. */
    private static Throwable lastFailure(Throwable e) {
        return e instanceof GatewayException || e.getCause() == null ? e : e.getCause();
    }

    /** Why a gateway did not take a message; the message names no body and no full destination. */
    public static class GatewayException extends RuntimeException {
        public GatewayException(String message) {
            super(message, null, false, false);
        }
    }
}
