package dev.miaccount.problem;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code type} ends in a stable slug (for example {@code .../problems/conflict}) that
 * clients may branch on; {@code errors} lists the offending fields of a validation problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors, @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "https://mi-account.dev/problems/";

    /** One invalid field: its JSON path (for example {@code device.deviceId}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }

    /** Extra members such as {@code remainingSeconds}, written at the top level as RFC 9457 allows. */
    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }
}
