package dev.miaccount.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one client address may call this endpoint: {@code miaccount.client-limit.<value>} requests a
 * minute (environment {@code MIACCOUNT_CLIENT_LIMIT_<VALUE>}), never less than 300 (offices and carriers share
 * addresses); 0 turns the limit off, for a load test on a private machine.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PerClientLimit {

    /** The limit's name, e.g. {@code sign-in}. */
    String value();
}
