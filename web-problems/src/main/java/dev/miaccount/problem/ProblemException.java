package dev.miaccount.problem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Thrown by services for an answer the client caused: mapped to its problem with its status, never logged as an
 * error.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;
    private final Duration retryAfter;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null, null, null);
    }

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
            Map<String, Object> extensions, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors;
        this.extensions = extensions;
        this.retryAfter = retryAfter;
    }

    public static ProblemException validation(String field, String message) {
        return new ProblemException(400, "validation", "Invalid request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)), null, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail);
    }

    /** The last segment of the problem's type, e.g. {@code invalid-credentials}. */
    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_PREFIX + slug, title, status, getMessage(), instance, errors, extensions);
    }

    /** Problems are expected answers; a stack trace would only fill the logs. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
