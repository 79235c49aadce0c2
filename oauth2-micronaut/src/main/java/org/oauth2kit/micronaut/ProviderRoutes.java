package org.oauth2kit.micronaut;

import java.util.List;

import io.micronaut.context.ExecutionHandleLocator;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.web.router.DefaultRouteBuilder;
import jakarta.inject.Singleton;
import org.oauth2kit.Provider;

/**
 * Routes exactly the Provider's paths to {@link ProviderController}, with every method, any
 * request content type and any {@code Accept}: the Provider decides what is allowed and answers
 * with its own OAuth errors, not Micronaut's 405, 406 or 415.
 */
@Singleton
@Requires(beans = Provider.class)
final class ProviderRoutes extends DefaultRouteBuilder {
    private static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

    ProviderRoutes(ExecutionHandleLocator locator, Provider provider, @Value("${oauth2kit.path:}") String path) {
        super(locator);
        String mountPoint = MicronautExchange.mountPoint(path);
        java.util.Set<String> routes = new java.util.LinkedHashSet<>();
        for (String endpoint : provider.paths()) {
            routes.add(mountPoint + endpoint);
        }
        // RFC 8414 §3.1 and RFC 9728 §3.1: metadata lives at the host's root.
        routes.addAll(provider.rootPaths());
        for (String route : routes) {
            for (HttpMethod method : METHODS) {
                buildRoute(method, route, ProviderController.class, "handle", HttpRequest.class)
                        .consumesAll()
                        .produces(MediaType.ALL_TYPE);
            }
        }
    }
}
