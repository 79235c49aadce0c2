package org.oauth2kit.javalin;

import java.util.Set;

import io.javalin.security.RouteRole;

/**
 * A route role that asks for a valid bearer token carrying every one of {@code scopes}: the
 * Javalin idiom for protecting a route. Give it to a route, and the {@link OAuth2Plugin}'s
 * before-matched handler does the rest:
 *
 * <pre>{@code config.routes.get("/api/me", ctx -> ..., RequireScopes.of("read"));}</pre>
 *
 * <p>{@code RequireScopes.of()} asks for any valid token. Several of these roles on one route add
 * up: the token must carry all their scopes.
 */
public record RequireScopes(Set<String> scopes) implements RouteRole {
    public RequireScopes {
        scopes = Set.copyOf(scopes);
    }

    public static RequireScopes of(String... scopes) {
        return new RequireScopes(Set.of(scopes));
    }
}
