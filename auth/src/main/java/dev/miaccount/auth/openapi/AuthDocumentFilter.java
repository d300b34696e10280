package dev.miaccount.auth.openapi;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

import dev.miaccount.auth.PerClientLimit;
import dev.miaccount.auth.TokenClaims;
import dev.miaccount.problem.openapi.OpenApiProblems;
import dev.miaccount.problem.openapi.ResourceMethods;
import io.quarkus.security.Authenticated;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Writes into each service's OpenAPI document what this module answers on the service's behalf, once for every
 * endpoint it guards: the bearer token (401 {@code unauthorized} on every {@code @Authenticated} operation, which
 * also gets the {@code bearer} security requirement), the step-up token (403 {@code password-required} wherever
 * the operation takes {@code X-Step-Up-Token}) and the per-address limits (429 {@code too-many-requests} with
 * {@code Retry-After} on every {@link PerClientLimit} method).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class AuthDocumentFilter implements OASFilter {

    static final String SCHEME = "bearer";

    private final ResourceMethods methods;

    public AuthDocumentFilter(IndexView index) {
        this.methods = new ResourceMethods(index);
    }

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((verb, operation) -> {
            Optional<MethodInfo> method = methods.find(verb.name(), path);
            boolean authenticated = method.map(m -> ResourceMethods.annotated(m, Authenticated.class.getName()))
                    .orElse(false);
            if (authenticated && (operation.getSecurity() == null || operation.getSecurity().isEmpty())) {
                operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
            }
            if (authenticated || (operation.getSecurity() != null && !operation.getSecurity().isEmpty())) {
                OpenApiProblems.respond(operation, 401, "unauthorized", "no valid bearer token, or its session has "
                        + "been signed out (refused at once in every service)", path);
            }
            if (takesStepUp(operation)) {
                OpenApiProblems.respond(operation, 403, "password-required", "this step needs the password again: "
                        + "no valid, unused step-up token of this session (X-Step-Up-Token)", path);
            }
            if (method.map(m -> m.hasDeclaredAnnotation(PerClientLimit.class)).orElse(false)) {
                OpenApiProblems.respond(operation, 429, "too-many-requests", "this address has made too many of "
                        + "these calls this minute (see Retry-After)", path);
            }
        }));
    }

    private static boolean takesStepUp(Operation operation) {
        return operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.HEADER && TokenClaims.STEP_UP_HEADER.equalsIgnoreCase(p.getName()));
    }
}
