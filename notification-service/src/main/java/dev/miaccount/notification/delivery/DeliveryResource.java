package dev.miaccount.notification.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.miaccount.auth.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/notifications")
@Tag(name = "Notifications")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    static final int LIMIT = 100;

    /** One delivery as its account sees it: the destination masked, never the body (so never a code). */
    public record NotificationView(UUID id, String kind, String reason, String channel, String destination,
            String status, Instant createdAt, @Schema(nullable = true) Instant sentAt) {

        static NotificationView of(Delivery delivery) {
            return new NotificationView(delivery.getId(), delivery.getKind().name(), delivery.getReason(),
                    delivery.getChannel().name(), delivery.getMaskedDestination(), delivery.getStatus().name(),
                    delivery.getCreatedAt(), delivery.getSentAt());
        }
    }

    private final DeliveryService deliveries;
    private final JsonWebToken token;

    public DeliveryResource(DeliveryService deliveries, JsonWebToken token) {
        this.deliveries = deliveries;
        this.token = token;
    }

    @GET
    @Operation(summary = "The caller's account's own deliveries, newest first (at most 100); never a code. A revoked"
            + " session's token is refused (401), as is one of a session this service has not learnt of 15 s after"
            + " the token was issued")
    public Uni<List<NotificationView>> mine() {
        return deliveries.ofAccount(Caller.of(token).accountId(), LIMIT)
                .map(list -> list.stream().map(NotificationView::of).toList());
    }
}
