package dev.miaccount.dashboard;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One CloudEvent as the dashboard shows it. {@code time} is the event's {@code ce_time}, or the Kafka record's
 * timestamp when the producer set none; {@code data} is the parsed JSON data (a string when it is not JSON).
 */
@Schema(description = "A CloudEvent read from one of the topics")
public record DashboardEvent(
        @Schema(description = "ce_id", example = "0b9f7a55-3c1e-4d0c-9a43-4d1b1f1f8e2a") String id,
        @Schema(description = "ce_type", example = "account.registered.v1") String type,
        @Schema(description = "ce_source: the producing service", example = "account-service") String source,
        @Schema(description = "ce_subject: the accountId or deviceId it is about", example = "3277777128") String subject,
        @Schema(description = "ce_time (ISO-8601 UTC)", example = "2026-11-28T10:00:00.123Z") Instant time,
        @Schema(description = "ce_flowid: shared by every event of one flow",
                example = "6c1d2f0e-8a5b-4f7e-b1a2-5d9c3e4f6a7b") String flowId,
        @Schema(description = "the trace the event was produced in (W3C trace id of the record's traceparent "
                + "header); null when the producer traced nothing", nullable = true,
                example = "4bf92f3577b34da6a3ce929d0e0e4736") String traceId,
        @Schema(description = "the event's JSON data") JsonNode data) {
}
