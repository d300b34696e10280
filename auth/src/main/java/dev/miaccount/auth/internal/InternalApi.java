package dev.miaccount.auth.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource for the other services only: every call needs the service credential ({@link ServiceCredential}).
 * Resources under {@code /internal} need it whether they carry this or not.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface InternalApi {
}
