package org.oauth2kit.micronaut;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller (or one of its methods) as an OAuth protected resource: {@link BearerTokenFilter}
 * lets a request through only with a valid bearer token carrying every scope listed. On both a
 * class and a method, the token needs the scopes of both: the same rule, and the same name, as
 * the JAX-RS adapter's {@code @RequireScopes} and the Javalin adapter's {@code RequireScopes} role.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireScopes {
    /** Scopes the token must all carry; none means any valid token. */
    String[] value() default {};
}
