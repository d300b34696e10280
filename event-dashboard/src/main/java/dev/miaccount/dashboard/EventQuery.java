package dev.miaccount.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.miaccount.problem.Problem;
import dev.miaccount.problem.ProblemException;

/**
 * The filters of {@code /api/v1/events} and its stream, checked as the API contract has them. An empty value means
 * no filter. Every invalid value is named in one 400 validation problem.
 */
public record EventQuery(String subject, String type, String flowId, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    public static final int MAX_FLOW_ID_LENGTH = 64;

    /** An accountId (10 digits) is also a well-formed deviceId: 1–64 of {@code [A-Za-z0-9._-]}. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern TYPE = Pattern.compile("[a-z0-9.-]{1,128}");
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,9}");

    /** @throws ProblemException 400 {@code validation} naming every invalid value */
    public static EventQuery of(String subject, String type, String flowId, String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        subject = blankToNull(subject);
        type = blankToNull(type);
        flowId = blankToNull(flowId);
        limit = blankToNull(limit);
        if (subject != null && !SUBJECT.matcher(subject).matches()) {
            errors.add(new Problem.FieldError("subject",
                    "must be an accountId (10 digits) or a deviceId (1-64 of A-Z a-z 0-9 . _ -)"));
        }
        if (type != null && !TYPE.matcher(type).matches()) {
            errors.add(new Problem.FieldError("type",
                    "must be an event type such as account.registered.v1 (1-128 of a-z 0-9 . -)"));
        }
        if (flowId != null && flowId.length() > MAX_FLOW_ID_LENGTH) {
            errors.add(new Problem.FieldError("flowId", "must be at most " + MAX_FLOW_ID_LENGTH + " characters"));
        }
        int max = DEFAULT_LIMIT;
        if (limit != null) {
            max = LIMIT.matcher(limit).matches() ? Integer.parseInt(limit) : -1;
            if (max < 1 || max > MAX_LIMIT) {
                errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            throw new ProblemException(400, "validation", "Invalid request", detail, errors, null, null);
        }
        return new EventQuery(subject, type, flowId, max);
    }

    public boolean matches(DashboardEvent event) {
        return (subject == null || subject.equals(event.subject()))
                && (type == null || type.equals(event.type()))
                && (flowId == null || flowId.equals(event.flowId()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
