package dev.miaccount.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Swagger UI's page starts itself with inline script, which the dashboard's policy ({@code default-src 'self'},
 * set by {@code quarkus.http.header} on every path) blocks. Its own path alone gets a policy that allows inline
 * script and style and its {@code data:} images. It replaces the strict one rather than adding a second, because a
 * browser enforces every policy it receives — which is why {@code quarkus.http.filter}, which adds, cannot do this.
 * Outside the local run Swagger UI is off ({@code %production.quarkus.swagger-ui.enabled=false}).
 */
@ApplicationScoped
public class SwaggerUiPolicy {

    static final String POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
    /** After the headers of the configuration; the order among the dashboard's own filters does not matter. */
    private static final int PRIORITY = 900;

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext request) {
        String path = request.normalizedPath();
        if (path.equals("/q/swagger-ui") || path.startsWith("/q/swagger-ui/")) {
            request.response().headers().set("Content-Security-Policy", POLICY);
        }
        request.next();
    }
}
