package dev.miaccount.auth;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Every request that carries a valid access token is refused (401) when its session is over, in every service and
 * on every endpoint, before the resource runs: no endpoint can forget the check. A token that does not verify is
 * left to the endpoint's own authentication, so a public endpoint stays public.
 */
public class LiveSessionFilter {

    private final CurrentIdentityAssociation identities;
    private final SessionCheck sessions;

    public LiveSessionFilter(CurrentIdentityAssociation identities, SessionCheck sessions) {
        this.identities = identities;
        this.sessions = sessions;
    }

    /** Hibernate Reactive wants the event loop: resources behind a token are non-blocking (Uni, or @NonBlocking). */
    @ServerRequestFilter
    public Uni<Void> requireLiveSession() {
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .flatMap(identity -> {
                    Caller caller = callerOf(identity);
                    return caller == null ? Uni.createFrom().voidItem() : sessions.requireLive(caller);
                });
    }

    private static Caller callerOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        return Caller.of(token);
    }
}
