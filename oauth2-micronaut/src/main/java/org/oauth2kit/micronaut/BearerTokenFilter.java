package org.oauth2kit.micronaut;

import java.util.List;
import java.util.Optional;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ConditionalFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;

/**
 * Guards protected resources with bearer tokens (RFC 6750). A request is guarded when its route
 * carries {@link RequireScopes}, or else when its path matches one of
 * {@code oauth2kit.bearer.patterns} (Ant style, e.g. {@code /api/**}), which then require
 * {@code oauth2kit.bearer.scopes}.
 *
 * <p>With a valid token the request goes on, with the {@link org.oauth2kit.AccessToken} in the
 * request attribute {@value #ACCESS_TOKEN_ATTRIBUTE}; otherwise it is answered with the Provider's refusal
 * (401 or 403 with {@code WWW-Authenticate}, 400, or 503 when the store is down).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(beans = Provider.class)
public final class BearerTokenFilter implements ConditionalFilter {
    /** The request attribute holding the validated token: {@link org.oauth2kit.AccessToken#REQUEST_ATTRIBUTE}. */
    public static final String ACCESS_TOKEN_ATTRIBUTE = org.oauth2kit.AccessToken.REQUEST_ATTRIBUTE;

    private final Provider provider;
    private final List<String> patterns;
    private final List<String> patternScopes;

    BearerTokenFilter(Provider provider,
            @Property(name = "oauth2kit.bearer.patterns") @Nullable List<String> patterns,
            @Property(name = "oauth2kit.bearer.scopes") @Nullable List<String> scopes) {
        this.provider = provider;
        this.patterns = patterns == null ? List.of() : List.copyOf(patterns);
        this.patternScopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /** Decided on the event loop, so that only guarded requests move to the blocking executor. */
    @Override
    public boolean isEnabled(HttpRequest<?> request) {
        return requiredScopes(request).isPresent();
    }

    /** On the blocking executor: a token check reads the store, which may block. */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<?> authorize(HttpRequest<?> request) {
        // Micronaut may run this method without asking isEnabled first (it did for requests carrying
        // Origin, which then all got 401): an unguarded request always goes on untouched.
        Optional<List<String>> required = requiredScopes(request);
        if (required.isEmpty()) {
            return null;
        }
        List<String> scopes = required.get();
        BearerResult result = provider.validateBearer(MicronautExchange.request(request, request.getPath()).build(), scopes);
        if (result instanceof BearerResult.Authorized authorized) {
            request.setAttribute(ACCESS_TOKEN_ATTRIBUTE, authorized.token());
            return null;
        }
        return MicronautExchange.response(((BearerResult.Rejected) result).response());
    }

    private Optional<List<String>> requiredScopes(HttpRequest<?> request) {
        Optional<RouteInfo<?>> route = RouteAttributes.getRouteInfo(request);
        if (route.isPresent()) {
            // The class's and the method's annotation add up, as in every adapter.
            RequireScopes onClass = route.get().getDeclaringType().getAnnotation(RequireScopes.class);
            AnnotationMetadata onMethod = route.get().getAnnotationMetadata().getDeclaredMetadata();
            boolean methodGuarded = onMethod.hasDeclaredAnnotation(RequireScopes.class);
            if (onClass != null || methodGuarded) {
                java.util.LinkedHashSet<String> scopes = new java.util.LinkedHashSet<>();
                if (onClass != null) {
                    scopes.addAll(List.of(onClass.value()));
                }
                if (methodGuarded) {
                    scopes.addAll(List.of(onMethod.stringValues(RequireScopes.class)));
                }
                return Optional.of(List.copyOf(scopes));
            }
        }
        String path = request.getPath();
        for (String pattern : patterns) {
            if (PathMatcher.ANT.matches(pattern, path)) {
                return Optional.of(patternScopes);
            }
        }
        return Optional.empty();
    }
}
