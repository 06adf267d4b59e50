package org.consilium.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The errors an API operation answers, as problem details, for its OpenAPI description: list the statuses the
 * operation itself can answer (400, 403, 404, 409, 412, 413, 415, 428, 429). Every operation that needs a signed-in
 * caller also gets 401, unless it is {@link #anonymous()}.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ApiErrors {

    int[] value();

    /** Whether anyone may call the operation without signing in (then it never answers 401 for that). */
    boolean anonymous() default false;

    /**
     * Whether the operation is a guarded action, which also answers 401 {@code step-up-required} to an authentication
     * older than a few minutes (RFC 9470).
     */
    boolean stepUp() default false;
}
