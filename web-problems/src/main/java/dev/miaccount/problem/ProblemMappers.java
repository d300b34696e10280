package dev.miaccount.problem;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Turns every failure of a request into an RFC 9457 problem: the client's mistakes into 4xx with what to fix,
 * anything else into a bare 500 whose details stay in the log.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = respond(e.toProblem(path(uri)));
        if (e.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000));
        }
        return response.build();
    }

    /** Quarkus throws its own subclass for invalid resource parameters; it must not reach the built-in mapper. */
    @ServerExceptionMapper
    public Response invalidParameters(ResteasyReactiveViolationException e, UriInfo uri) {
        return invalid(e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(Problem.TYPE_PREFIX + "validation", "Invalid request", 400, detail, path(uri),
                errors, null)).build();
    }

    /** Malformed JSON, or a field of the wrong type: name the field when Jackson knows it. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "";
        if (field.isEmpty()) {
            return respond(new Problem(Problem.TYPE_PREFIX + "validation", "Invalid request", 400,
                    "the body is not valid JSON", path(uri), null, null)).build();
        }
        String message = "has the wrong type or format";
        return respond(new Problem(Problem.TYPE_PREFIX + "validation", "Invalid request", 400, field + ": " + message,
                path(uri), List.of(new Problem.FieldError(field, message)), null)).build();
    }

    /** Quarkus maps these two itself with a plain JSON body; named here so that ours wins. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Request refused";
        return respond(new Problem(Problem.TYPE_PREFIX + slug(status), title, status, e.getMessage(), path(uri), null,
                null)).build();
    }

    /** No token, a bad one, or an expired one: the same 401, so that nothing about the token leaks. */
    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_PREFIX + "unauthorized", "Unauthorized", 401,
                "a valid bearer token is required", path(uri), null, null))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(Problem.TYPE_PREFIX + "forbidden", "Forbidden", 403,
                "this session may not do that", path(uri), null, null)).build();
    }

    /** The body could not be read: cut off at the size limit (413), or broken off by the client (400). */
    @ServerExceptionMapper
    public Response unreadableBody(java.io.IOException e, UriInfo uri) {
        boolean tooLarge = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("too large");
        int status = tooLarge ? 413 : 400;
        return respond(new Problem(Problem.TYPE_PREFIX + slug(status), tooLarge ? "Payload too large" : "Invalid request",
                status, tooLarge ? "the request body is larger than this service accepts"
                        : "the request body could not be read", path(uri), null, null)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "unexpected failure of %s", path(uri));
        return respond(new Problem(Problem.TYPE_PREFIX + "internal", "Internal error", 500,
                "the request could not be completed; it has been logged", path(uri), null, null)).build();
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "validation";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 409 -> "conflict";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 429 -> "too-many-attempts";
            default -> "request-refused";
        };
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** {@code register.request.email} → {@code email}: the JSON field, not the Java call path. */
    private static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        int index = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            // the first two nodes are the resource method and its parameter
            if (index++ < 2 || node.getName() == null) {
                continue;
            }
            field.append(field.length() == 0 ? "" : ".").append(node.getName());
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static String jsonPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
