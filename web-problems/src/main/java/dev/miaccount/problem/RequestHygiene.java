package dev.miaccount.problem;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * What no endpoint should have to think about: a NUL character in a path, a query or a JSON string is a 400 (the
 * database refuses it, and nothing legitimate carries it), and a body over the size limit is a 413 problem like
 * every other refusal, not an empty answer.
 */
@Singleton
public class RequestHygiene {

    private static final String NUL = "\u0000";

    /** JSON strings with NUL fail to bind: the validation mappers turn that into a 400 naming the field. */
    @Singleton
    public static class NoNulInJson implements ObjectMapperCustomizer {

        @Override
        public void customize(ObjectMapper mapper) {
            mapper.registerModule(new SimpleModule("no-nul").addDeserializer(String.class, new StringDeserializer() {
                @Override
                public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    String value = super.deserialize(parser, context);
                    if (value != null && value.contains(NUL)) {
                        return (String) context.handleWeirdStringValue(String.class, value,
                                "may not contain a NUL character");
                    }
                    return value;
                }
            }));
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Response noNulInTheAddress(ContainerRequestContext request) {
        var uri = request.getUriInfo();
        boolean nul = uri.getPath().contains(NUL)
                || uri.getQueryParameters().values().stream().flatMap(java.util.List::stream)
                        .anyMatch(value -> value.contains(NUL));
        if (!nul) {
            return null;
        }
        Problem problem = new Problem(Problem.TYPE_PREFIX + "validation", "Invalid request", 400,
                "the address may not contain a NUL character", uri.getPath().replace(NUL, ""), null, null);
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * A body announced larger than {@code quarkus.http.limits.max-body-size} is refused with a 413 problem before
     * anything reads it (one sent in chunks is cut off by Quarkus while it is read; {@link ProblemMappers} answers
     * that one).
     */
    void tooLarge(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        if (limit.isEmpty()) {
            return;
        }
        long max = limit.get().asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > max) {
                Problem problem = new Problem(Problem.TYPE_PREFIX + "payload-too-large", "Payload too large", 413,
                        "the request body is larger than the " + max + " bytes this service accepts",
                        context.normalizedPath(), null, null);
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(Json.encode(problem));
                return;
            }
            context.next();
        });
    }
}
