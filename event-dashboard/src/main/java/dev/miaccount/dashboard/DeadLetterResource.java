package dev.miaccount.dashboard;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/dead-letters")
@Tag(name = "Events")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "The records the services dead-lettered, newest first (the last 500)",
            description = "Topic, original topic, reason, type and a masked preview; re-drive them with ./redrive.sh.")
    public List<DeadLetters.DeadLetter> recent() {
        return deadLetters.recent();
    }
}
