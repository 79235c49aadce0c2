package org.oauth2kit.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Protects a resource method, or every method of a resource class, with a bearer token (RFC 6750)
 * carrying all the listed scopes; {@link BearerTokenFilter} enforces it. With no scopes, any valid
 * token will do. On both a class and a method, the token needs the scopes of both.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequireScopes {
    String[] value() default {};
}
