package dev.miaccount.auth.internal;

import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.miaccount.problem.Problem;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * A service's internal API on a port of its own ({@code miaccount.internal.port}: account-service 9081,
 * notification-service 9083): the one that compose and
 * a cluster keep on the services' network, while the public port is published. The same routes serve both ports,
 * so the internal API keeps its service credential and its problems; on the public port {@code /internal/*} is a
 * 404, as if it were not there. Without the setting (the tests' default) the internal API stays on the main port.
 */
@ApplicationScoped
public class InternalListener {

    private final OptionalInt port;
    private final String host;
    private HttpServer server;

    public InternalListener(@ConfigProperty(name = "miaccount.internal.port") OptionalInt port,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host) {
        this.port = port;
        this.host = host;
    }

    void listen(@Observes Router router, Vertx vertx) {
        if (port.isEmpty()) {
            return;
        }
        int internalPort = port.getAsInt();
        router.route("/internal/*").order(Integer.MIN_VALUE).handler(context -> {
            if (context.request().localAddress() != null && context.request().localAddress().port() == internalPort) {
                context.next();
                return;
            }
            Problem problem = new Problem(Problem.TYPE_PREFIX + "not-found", "Not found", 404,
                    "no such resource", context.normalizedPath(), null, null);
            context.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        });
        vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(internalPort))
                .requestHandler(router)
                .listen()
                .onSuccess(started -> {
                    server = started;
                    Log.infof("internal API listening on %s:%d (keep this port off any public network)", host,
                            started.actualPort());
                })
                .onFailure(failure -> Log.errorf("internal API cannot listen on %s:%d: %s", host, internalPort,
                        failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
