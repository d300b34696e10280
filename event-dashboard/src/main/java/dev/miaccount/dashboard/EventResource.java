package dev.miaccount.dashboard;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import dev.miaccount.problem.Problem;
import io.smallrye.mutiny.Multi;

/** The recent events of every topic, and their live stream, for the dashboard page and for operators. */
@Path("/api/v1/events")
@Tag(name = "Events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventWindow window;

    public EventResource(EventWindow window) {
        this.window = window;
    }

    @GET
    @Operation(summary = "The recent events, newest first",
            description = "From the in-memory window of every topic. Empty filters are ignored.")
    @APIResponse(responseCode = "200", description = "the events that match, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DashboardEvent.class)))
    @APIResponse(responseCode = "400", description = "a filter value is invalid (problem type .../validation)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<DashboardEvent> recent(
            @Parameter(description = "accountId or deviceId the events are about", example = "3277777128")
            @RestQuery String subject,
            @Parameter(description = "event type", example = "account.registered.v1") @RestQuery String type,
            @Parameter(description = "the flow the events belong to (at most 64 characters)") @RestQuery String flowId,
            @Parameter(description = "how many events at most: 1 to 1000, default 100", example = "100")
            @RestQuery String limit) {
        return window.recent(EventQuery.of(subject, type, flowId, limit));
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The new events, live, as server-sent events",
            description = "Each SSE data line is one event as JSON, in the shape of GET /api/v1/events.")
    @APIResponse(responseCode = "200", description = "a text/event-stream that stays open",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    schema = @Schema(implementation = DashboardEvent.class)))
    @APIResponse(responseCode = "400", description = "a filter value is invalid (problem type .../validation)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<DashboardEvent> stream(
            @Parameter(description = "accountId or deviceId the events are about") @RestQuery String subject,
            @Parameter(description = "event type") @RestQuery String type,
            @Parameter(description = "the flow the events belong to") @RestQuery String flowId) {
        return window.live(EventQuery.of(subject, type, flowId, null));
    }
}
