package dev.miaccount.problem.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import dev.miaccount.problem.Problem;

/**
 * Writes problem answers into an OpenAPI document, the same way for every module that adds some: an
 * {@code application/problem+json} response with the {@code Problem} schema (RFC 9457 members plus the extension
 * members {@link Problem} may carry), an example per problem type, and {@code Retry-After} where the answer sends it.
 */
public final class OpenApiProblems {

    public static final String SCHEMA = "Problem";
    private static final String REF = "#/components/schemas/" + SCHEMA;
    private static final String FIELD_ERROR = "ProblemFieldError";

    private OpenApiProblems() {
    }

    /** Adds the {@code Problem} schema to the document's components, once. */
    public static void addSchema(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(OASFactory.createComponents());
        }
        Components components = openApi.getComponents();
        if (components.getSchemas() != null && components.getSchemas().containsKey(SCHEMA)) {
            return;
        }
        components.addSchema(FIELD_ERROR, object("One invalid field of a validation problem")
                .addProperty("field", string("The JSON path of the field, e.g. device.deviceId"))
                .addProperty("message", string("What is wrong with it"))
                .required(List.of("field", "message")));
        components.addSchema(SCHEMA, object("An RFC 9457 problem detail. `type` ends in a stable slug "
                + "(" + Problem.TYPE_PREFIX + "<slug>) that clients may branch on; other members may be added.")
                .addProperty("type", string("A URI ending in the problem's slug").format("uri")
                        .examples(List.of(Problem.TYPE_PREFIX + "conflict")))
                .addProperty("title", string("Short, the same for every problem of this type"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .description("The HTTP status"))
                .addProperty("detail", string("What happened this time"))
                .addProperty("instance", string("The path of the request"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("Validation problems: each invalid field")
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + FIELD_ERROR)))
                .addProperty("remainingSeconds", OASFactory.createSchema().addType(SchemaType.INTEGER)
                        .format("int64").description("wait-period problems: seconds until it ends"))
                .required(List.of("type", "title", "status")));
    }

    /**
     * Declares that {@code operation} answers {@code status} with a problem of type {@code type}, merged with what
     * it already declares for that status (an annotation's description is kept; another type is added as a
     * further example).
     */
    public static void respond(Operation operation, int status, String type, String when, String instance) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        String code = String.valueOf(status);
        APIResponse response = responses.getAPIResponse(code);
        String line = "`" + type + "`: " + when;
        if (response == null) {
            response = OASFactory.createAPIResponse().description(line);
            responses.addAPIResponse(code, response);
        } else if (response.getDescription() == null || isDefaultDescription(response.getDescription())) {
            response.setDescription(line);
        } else if (!response.getDescription().contains(line)) {
            response.setDescription(response.getDescription() + "; " + line);
        }
        MediaType media = problemMedia(response);
        media.addExample(type, OASFactory.createExample().summary(when)
                .value(example(status, type, when, instance)));
        if (status == 429 || status == 503) {
            response.addHeader("Retry-After", header(SchemaType.INTEGER, "Seconds to wait before trying again"));
        }
        if (status == 401) {
            response.addHeader("WWW-Authenticate", header(SchemaType.STRING, "Bearer"));
        }
        sortByStatus(responses);
    }

    /** Whoever added them, the answers read in the order of their status. */
    private static void sortByStatus(APIResponses responses) {
        Map<String, APIResponse> sorted = new java.util.TreeMap<>(responses.getAPIResponses());
        responses.setAPIResponses(new LinkedHashMap<>(sorted));
    }

    /** A 4xx or 5xx answer declared without a body (for example by an annotation) gets the problem body. */
    public static void describeBody(APIResponse response) {
        if (response.getContent() == null || response.getContent().getMediaTypes().isEmpty()) {
            problemMedia(response);
        }
    }

    private static MediaType problemMedia(APIResponse response) {
        Content content = response.getContent();
        if (content == null || !content.hasMediaType(Problem.MEDIA_TYPE)) {
            content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref(REF)));
            response.setContent(content);
        }
        return content.getMediaType(Problem.MEDIA_TYPE);
    }

    private static Map<String, Object> example(int status, String type, String when, String instance) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", Problem.TYPE_PREFIX + type);
        example.put("title", title(type));
        example.put("status", status);
        example.put("detail", when);
        example.put("instance", instance);
        if (type.equals("validation")) {
            example.put("errors", List.of(Map.of("field", "email", "message", "must be an email address")));
        }
        if (type.equals("wait-period")) {
            example.put("remainingSeconds", 601200);
        }
        return example;
    }

    /** The titles the services give; any other slug is titled as it reads: {@code conflict} → {@code Conflict}. */
    private static final Map<String, String> TITLES = Map.of("validation", "Invalid request", "internal",
            "Internal error", "wait-period", "Waiting period", "not-owner", "Not the owner", "unavailable",
            "Try again later", "unsupported-media-type", "Unsupported Media Type");

    private static String title(String type) {
        if (TITLES.containsKey(type)) {
            return TITLES.get(type);
        }
        String words = type.replace('-', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    /** The texts SmallRye and Quarkus write when they add a status by themselves. */
    private static boolean isDefaultDescription(String description) {
        return List.of("Bad Request", "Not Authorized", "Not Allowed", "Unauthorized", "Forbidden")
                .contains(description);
    }

    private static Header header(SchemaType type, String description) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema().addType(type));
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}
