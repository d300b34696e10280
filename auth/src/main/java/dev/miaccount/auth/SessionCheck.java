package dev.miaccount.auth;

import io.smallrye.mutiny.Uni;

/**
 * Is the caller's session still live? account-service answers from its own sessions; every other service from
 * what account-service's events told it ({@link TrackedSessions}, the default).
 */
public interface SessionCheck {

    /**
     * On the event loop; opens a reactive Hibernate session when it needs one. Fails with a 401 problem when the
     * session is over (or unknown for good).
     */
    Uni<Void> requireLive(Caller caller);
}
