package dev.miaccount.account.session;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.common.annotation.NonBlocking;

/** The token verification key, for the other services and any other verifier. */
@Path("/")
@Tag(name = "Sessions")
@Produces(MediaType.APPLICATION_JSON)
// A precomputed document, served on the event loop: the live-session filter, when a token comes along, needs it.
@NonBlocking
public class JwksResource {

    private final TokenIssuer tokens;

    public JwksResource(TokenIssuer tokens) {
        this.tokens = tokens;
    }

    @GET
    @Path("api/v1/jwks")
    @Operation(summary = "The public key that verifies every token (JWKS)")
    public Map<String, Object> jwks() {
        return tokens.jwks();
    }

    @GET
    @Path(".well-known/jwks.json")
    @Operation(summary = "The same JWKS at its well-known address")
    public Map<String, Object> wellKnown() {
        return tokens.jwks();
    }
}
