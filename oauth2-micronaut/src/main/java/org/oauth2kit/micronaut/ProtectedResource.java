package org.oauth2kit.micronaut;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller (or one of its methods) as an OAuth protected resource: {@link BearerTokenFilter}
 * lets a request through only with a valid bearer token carrying every scope listed. A method's
 * annotation takes precedence over its class's.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ProtectedResource {
    /** Scopes the token must all carry; none means any valid token. */
    String[] scopes() default {};
}
