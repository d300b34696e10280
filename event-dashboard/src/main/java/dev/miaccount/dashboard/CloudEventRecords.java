package dev.miaccount.dashboard;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.logging.Log;

/**
 * Reads a CloudEvent in Kafka binary mode from a record's headers ({@code ce_specversion}, {@code ce_id},
 * {@code ce_type}, {@code ce_source}, {@code ce_subject}, {@code ce_time}, {@code ce_flowid}) and its JSON value,
 * with the trace id of its {@code traceparent} header.
 * Lenient where the dashboard can still show something: an unreadable time falls back to the record's timestamp,
 * data that is not JSON is shown as a string. Personal data is masked here, before the event is kept anywhere
 * ({@link PersonalDataMasking}); the subject and flowid are producer-written text too, so they get the same scan.
 */
final class CloudEventRecords {

    private static final Pattern TRACE_PARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private CloudEventRecords() {
    }

    /** @return the event, or empty when the record lacks a mandatory CloudEvents attribute */
    static Optional<DashboardEvent> read(ConsumerRecord<?, String> record, ObjectMapper mapper) {
        Headers headers = record.headers();
        String specVersion = header(headers, "ce_specversion");
        String id = header(headers, "ce_id");
        String type = header(headers, "ce_type");
        String source = header(headers, "ce_source");
        if (specVersion == null || id == null || type == null || source == null) {
            return Optional.empty();
        }
        return Optional.of(new DashboardEvent(id, type, source,
                PersonalDataMasking.maskText(header(headers, "ce_subject")), time(header(headers, "ce_time"), record),
                PersonalDataMasking.maskText(header(headers, "ce_flowid")),
                traceId(header(headers, "traceparent")),
                PersonalDataMasking.mask(data(record, id, mapper))));
    }

    /** The trace id of a W3C traceparent ({@code 00-<32 hex>-<16 hex>-<2 hex>}); null when absent or malformed. */
    static String traceId(String traceParent) {
        if (traceParent == null || !TRACE_PARENT.matcher(traceParent).matches()) {
            return null;
        }
        String traceId = traceParent.substring(3, 35);
        return traceId.equals("0".repeat(32)) ? null : traceId;
    }

    private static Instant time(String ceTime, ConsumerRecord<?, ?> record) {
        if (ceTime != null) {
            try {
                return OffsetDateTime.parse(ceTime).toInstant();
            } catch (DateTimeParseException e) {
                Log.debugf("%s: ce_time '%s' is no RFC 3339 time; the record's timestamp stands in", where(record),
                        ceTime);
            }
        }
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
    }

    private static JsonNode data(ConsumerRecord<?, String> record, String id, ObjectMapper mapper) {
        if (record.value() == null) {
            return null;
        }
        try {
            return mapper.readTree(record.value());
        } catch (JsonProcessingException e) {
            Log.debugf("%s: the data of event %s is not JSON; shown as a string", where(record), id);
            return TextNode.valueOf(record.value());
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        return value.isBlank() ? null : value;
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
