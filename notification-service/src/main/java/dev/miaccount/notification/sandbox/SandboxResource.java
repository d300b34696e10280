package dev.miaccount.notification.sandbox;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.miaccount.problem.ProblemException;
import dev.miaccount.problem.openapi.ProblemResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The sandbox inbox, for the local run's operator and the tests on the same machine: off unless
 * {@code miaccount.sandbox.enabled}, and then only for a client on a loopback address — anyone else gets the 404 of
 * a sandbox that is off. One recipient at a time ({@code to} is required): never everyone's messages.
 */
@Path("/api/v1/sandbox/messages")
@Tag(name = "Sandbox")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxResource {

    public record SandboxMessageView(String to, String channel,
            @Schema(nullable = true, description = "null for an SMS") String subject, String body, Instant createdAt) {

        static SandboxMessageView of(SandboxMessage message) {
            return new SandboxMessageView(message.getRecipient(), message.getChannel().name(), message.getSubject(),
                    message.getBody(), message.getCreatedAt());
        }

        /** The body may hold a code: never printed. */
        @Override
        public String toString() {
            return "SandboxMessageView[" + channel + ", " + createdAt + "]";
        }
    }

    private final SandboxGateway gateway;

    public SandboxResource(SandboxGateway gateway) {
        this.gateway = gateway;
    }

    @GET
    @Operation(summary = "What the sandbox SMS/mail gateway sent to one address, newest first. Only while the sandbox"
            + " is on and only to a client on this machine (loopback); 404 otherwise; 400 without `to`")
    @ProblemResponse(status = 404, type = "not-found", when = "the sandbox is off, or the client is not on this "
            + "machine")
    public Uni<List<SandboxMessageView>> list(@QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("50") int limit, @Context HttpServerRequest request) {
        if (!gateway.enabled() || !fromLoopback(request)) {
            throw ProblemException.notFound("the sandbox gateway is off");
        }
        if (to == null || to.isBlank()) {
            throw ProblemException.validation("to", "is required: the address whose messages to list");
        }
        if (limit < 1 || limit > 500) {
            throw ProblemException.validation("limit", "must be between 1 and 500");
        }
        return gateway.inbox(recipient(to), limit)
                .map(list -> list.stream().map(SandboxMessageView::of).toList());
    }

    /**
     * The address of the connection's peer, not of a forwarding header: even with proxy-address forwarding on, a
     * client cannot claim to be local.
     */
    static boolean fromLoopback(HttpServerRequest request) {
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        return peer != null && peer.isInetSocket() && loopback(peer.hostAddress());
    }

    /** @return whether {@code address} (a literal IP, never resolved) is a loopback address: 127/8, ::1 */
    static boolean loopback(String address) {
        if (address == null || address.isBlank() || !address.matches("[0-9A-Fa-f:.%]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Emails compare case-insensitively; a phone's '+' arrives as a space unless the caller encoded it. */
    static String recipient(String to) {
        String trimmed = to.trim();
        if (trimmed.contains("@")) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
        return trimmed.matches("[0-9]{7,15}") ? "+" + trimmed : trimmed;
    }
}
