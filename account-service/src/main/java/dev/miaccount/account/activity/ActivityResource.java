package dev.miaccount.account.activity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.miaccount.auth.Caller;
import dev.miaccount.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/accounts/me/activity")
@Tag(name = "Accounts")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ActivityResource {

    public record Item(String type, Instant at, @Schema(nullable = true) String deviceId,
            @Schema(nullable = true) String model, @Schema(nullable = true) String flowId) {

        static Item of(Activity activity) {
            return new Item(activity.getType(), activity.getAt(), activity.getDeviceId(), activity.getModel(),
                    activity.getFlowId());
        }
    }

    /** {@code next}, when there is more, is the {@code before} of the following page. */
    public record Page(List<Item> items, @Schema(nullable = true) String next) {
    }

    private final ActivityRepository activities;
    private final JsonWebToken token;

    public ActivityResource(ActivityRepository activities, JsonWebToken token) {
        this.activities = activities;
        this.token = token;
    }

    @GET
    @WithSession
    @Operation(summary = "Recent security activity, newest first (kept 90 days)",
            description = "Sign-ins (with the phone), failed sign-ins, lockouts, sign-outs, deletions, locks, resets, "
                    + "password and contact changes, revocations. Page with limit (1-100) and the next cursor.")
    public Uni<Page> list(@QueryParam("limit") @DefaultValue("20") @Min(value = 1, message = "must be 1 to 100")
    @Max(value = 100, message = "must be 1 to 100") int limit, @QueryParam("before") String before) {
        Cursor cursor = Cursor.parse(before);
        return activities.page(Caller.of(token).accountId(), cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.eventId(), limit + 1)
                .map(rows -> {
                    List<Item> items = rows.stream().limit(limit).map(Item::of).toList();
                    String next = rows.size() > limit ? new Cursor(rows.get(limit - 1).getAt(),
                            rows.get(limit - 1).getEventId()).encode() : null;
                    return new Page(items, next);
                });
    }

    /** Where a page ends: opaque to clients (base64url of the time and the event id). */
    record Cursor(Instant at, String eventId) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((at + "|" + eventId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8)
                        .split("\\|", 2);
                return new Cursor(Instant.parse(parts[0]), parts[1]);
            } catch (RuntimeException e) {
                throw ProblemException.validation("before", "must be the next value of a previous page");
            }
        }
    }
}
