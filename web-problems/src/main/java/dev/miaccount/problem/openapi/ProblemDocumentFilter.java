package dev.miaccount.problem.openapi;

import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Makes each service's OpenAPI document say what the service really answers, for every operation, written once
 * here rather than on each method:
 * <ul>
 * <li>the success status a method sets with {@code @ResponseStatus} (SmallRye documents 200 or 201 instead);</li>
 * <li>the problems every endpoint shares: 400 {@code validation} (a bad parameter or body, a NUL in the address)
 * and 500 {@code internal}; with a request body also 413 and 415;</li>
 * <li>each {@link ProblemResponse} of the method;</li>
 * <li>and a problem body ({@code application/problem+json}, the {@code Problem} schema) on every 4xx and 5xx.</li>
 * </ul>
 * It runs at build time, where the index of the resource classes is at hand.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemDocumentFilter implements OASFilter {

    private static final DotName RESPONSE_STATUS = DotName.createSimple("org.jboss.resteasy.reactive.ResponseStatus");
    private static final DotName PROBLEM_RESPONSE = DotName.createSimple(ProblemResponse.class.getName());
    private static final DotName PROBLEM_RESPONSES = DotName.createSimple(ProblemResponse.List.class.getName());

    private final ResourceMethods methods;

    public ProblemDocumentFilter(IndexView index) {
        this.methods = new ResourceMethods(index);
    }

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        OpenApiProblems.addSchema(openApi);
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((verb, operation) -> {
            Optional<MethodInfo> method = methods.find(verb.name(), path);
            method.ifPresent(m -> successStatus(m, operation));
            OpenApiProblems.respond(operation, 400, "validation",
                    "a parameter or the body breaks the rules (the fields are listed), or the address holds a NUL",
                    path);
            if (operation.getRequestBody() != null) {
                OpenApiProblems.respond(operation, 413, "payload-too-large", "the body is over the size limit",
                        path);
                OpenApiProblems.respond(operation, 415, "unsupported-media-type", "the body is not JSON", path);
            }
            OpenApiProblems.respond(operation, 500, "internal",
                    "a failure on the service's side, logged; never the request's fault", path);
            method.ifPresent(m -> declared(m).forEach(problem -> OpenApiProblems.respond(operation,
                    problem.value("status").asInt(), problem.value("type").asString(),
                    problem.value("when").asString(), path)));
            if (operation.getResponses() != null) {
                operation.getResponses().getAPIResponses().forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        OpenApiProblems.describeBody(response);
                    }
                });
            }
        }));
    }

    /** {@code @ResponseStatus(202)}: the success answer SmallRye wrote under 200 or 201 moves to 202. */
    private static void successStatus(MethodInfo method, Operation operation) {
        AnnotationInstance status = method.declaredAnnotation(RESPONSE_STATUS);
        APIResponses responses = operation.getResponses();
        if (status == null || responses == null || responses.getAPIResponses() == null) {
            return;
        }
        String code = String.valueOf(status.value().asInt());
        if (responses.hasAPIResponse(code)) {
            return;
        }
        Map<String, APIResponse> all = responses.getAPIResponses();
        all.keySet().stream().filter(key -> key.startsWith("2")).findFirst().ifPresent(generated -> {
            APIResponse success = responses.getAPIResponse(generated);
            responses.removeAPIResponse(generated);
            if (code.equals("204")) {
                success.setContent(null);
                success.setDescription("No Content");
            } else if (code.equals("202")) {
                success.setDescription("Accepted");
            }
            responses.addAPIResponse(code, success);
        });
    }

    private static java.util.List<AnnotationInstance> declared(MethodInfo method) {
        AnnotationInstance list = method.declaredAnnotation(PROBLEM_RESPONSES);
        if (list != null) {
            return java.util.Arrays.asList(list.value().asNestedArray());
        }
        AnnotationInstance one = method.declaredAnnotation(PROBLEM_RESPONSE);
        return one == null ? java.util.List.of() : java.util.List.of(one);
    }
}
