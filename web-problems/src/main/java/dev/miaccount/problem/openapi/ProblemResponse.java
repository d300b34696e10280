package dev.miaccount.problem.openapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem this endpoint itself answers with, beyond those every endpoint shares (400, 500), those of a request
 * body (413, 415) and those the auth module adds (401, 403 password-required, 429 too-many-requests):
 * {@link ProblemDocumentFilter} writes it into the OpenAPI document as an {@code application/problem+json} answer
 * with the problem schema and an example, so a method names only its status, slug and when.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemResponse.List.class)
public @interface ProblemResponse {

    int status();

    /** The slug that ends the problem's {@code type}, for example {@code conflict}. */
    String type();

    /** When it is answered, for the reader of the document. */
    String when();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        ProblemResponse[] value();
    }
}
