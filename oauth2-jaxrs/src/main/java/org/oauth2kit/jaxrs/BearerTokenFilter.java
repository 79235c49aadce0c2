package org.oauth2kit.jaxrs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.AnnotatedElement;
import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.SecurityContext;

import org.oauth2kit.AccessToken;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;

/**
 * Lets a request reach a {@link RequireScopes} resource method only with a valid bearer token
 * carrying the required scopes (RFC 6750, validated by {@link Provider#validateBearer}); any other
 * request is aborted with the Provider's refusal (401 or 403 with {@code WWW-Authenticate}).
 *
 * <p>A request let through carries the token as its {@link SecurityContext}'s
 * {@link AccessTokenPrincipal} and as the request property {@link #ACCESS_TOKEN_PROPERTY}.
 * {@link SecurityContext#isUserInRole(String)} answers whether the token carries that scope.
 *
 * <p>{@link OAuth2Feature} registers it. To register it alone, use one instance at
 * {@link jakarta.ws.rs.Priorities#AUTHENTICATION}, so it runs before other filters:
 * {@code register(new BearerTokenFilter(provider), Priorities.AUTHENTICATION)}.
 */
@RequireScopes
public final class BearerTokenFilter implements ContainerRequestFilter {
    /** The request property holding the validated {@link AccessToken}: {@code "org.oauth2kit.AccessToken"}. */
    public static final String ACCESS_TOKEN_PROPERTY = AccessToken.REQUEST_ATTRIBUTE;

    private final Provider provider;

    @Context
    private ResourceInfo resourceInfo;

    public BearerTokenFilter(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        // the path from the host's root, as a client names the resource (RFC 8707, RFC 9449's htu)
        Request.Builder request = JaxrsExchange.request(context,
                context.getUriInfo().getRequestUri().getRawPath());
        if (provider.acceptsBearerInForm() && isForm(context.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            // The Provider accepts a token in a form body (RFC 6750 §2.2): read what it would, and
            // put it back in front of the rest for the resource. Otherwise the body is not touched.
            InputStream in = context.getEntityStream();
            byte[] head = in.readNBytes(provider.maxBodyBytes() + 1);
            context.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
            request.body(new ByteArrayInputStream(head), provider.maxBodyBytes());
        }
        BearerResult result = provider.validateBearer(request.build(), requiredScopes());
        if (result instanceof BearerResult.Authorized authorized) {
            AccessToken token = authorized.token();
            context.setProperty(ACCESS_TOKEN_PROPERTY, token);
            context.setSecurityContext(new TokenSecurityContext(new AccessTokenPrincipal(token),
                    context.getSecurityContext().isSecure()));
        } else if (result instanceof BearerResult.Rejected rejected) {
            context.abortWith(JaxrsExchange.response(rejected.response()));
        }
    }

    /** The scopes of the class's and the method's {@link RequireScopes}, together. */
    private Set<String> requiredScopes() {
        Set<String> scopes = new LinkedHashSet<>();
        for (AnnotatedElement element : new AnnotatedElement[] {resourceInfo.getResourceClass(),
                resourceInfo.getResourceMethod()}) {
            RequireScopes required = element == null ? null : element.getAnnotation(RequireScopes.class);
            if (required != null) {
                scopes.addAll(Arrays.asList(required.value()));
            }
        }
        return scopes;
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.trim().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private record TokenSecurityContext(AccessTokenPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        /** Roles are the token's scopes, so {@code @RolesAllowed("write")} means "needs scope write". */
        @Override
        public boolean isUserInRole(String role) {
            return principal.token().scopes().contains(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }
}
