package dev.miaccount.notification.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.miaccount.problem.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/sandbox/messages")
@Tag(name = "Sandbox")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxResource {

    public record SandboxMessageView(String to, String channel, String subject, String body, Instant createdAt) {

        static SandboxMessageView of(SandboxMessage message) {
            return new SandboxMessageView(message.getRecipient(), message.getChannel().name(), message.getSubject(),
                    message.getBody(), message.getCreatedAt());
        }
    }

    private final SandboxGateway gateway;

    public SandboxResource(SandboxGateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Operation(summary = "What the sandbox SMS/mail gateway sent, newest first (404 when the sandbox is off)")
    public Uni<List<SandboxMessageView>> list(@QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (!gateway.enabled()) {
            throw ProblemException.notFound("the sandbox gateway is off");
        }
        if (limit < 1 || limit > 500) {
            throw ProblemException.validation("limit", "must be between 1 and 500");
        }
        return gateway.inbox(recipient(to), limit)
                .map(list -> list.stream().map(SandboxMessageView::of).toList());
    }

    /** Emails compare case-insensitively; a phone's '+' arrives as a space unless the caller encoded it. */
    static String recipient(String to) {
        if (to == null || to.isBlank()) {
            return null;
        }
        String trimmed = to.trim();
        if (trimmed.contains("@")) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        return trimmed.matches("[0-9]{7,15}") ? "+" + trimmed : trimmed;
    }
}
