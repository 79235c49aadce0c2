package org.oauth2kit.jaxrs;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;

/**
 * Serves the Provider's endpoints at its {@link Provider#paths() paths} below the application's
 * base URI (the JAX-RS application path is the mount point); every other request goes on to the
 * application's resources. {@link OAuth2Feature} registers it.
 *
 * <p>It forwards each request as it arrived (method, path, undecoded query, every header, the raw
 * body read up to {@link Provider#maxBodyBytes()}) and answers with the Provider's response:
 * status, every header value, body. It is a pre-matching filter rather than a resource method
 * because resource matching happens too late: JAX-RS refuses unknown methods and malformed
 * {@code Content-Type} headers with bare errors before any resource runs, and such requests must
 * get the Provider's OAuth errors instead.
 *
 * <p>The {@code environ} handed to the {@link org.oauth2kit.web.SiteAdapter} holds the request's
 * {@link ContainerRequestContext}, {@link UriInfo} and {@link SecurityContext}, each under its
 * interface's fully qualified name (e.g. {@code "jakarta.ws.rs.core.SecurityContext"}).
 */
@PreMatching
public final class OAuth2Endpoints implements ContainerRequestFilter {
    private final Provider provider;

    public OAuth2Endpoints(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public void filter(ContainerRequestContext context) throws IOException {
        String path = "/" + context.getUriInfo().getPath();
        if (!provider.paths().contains(path)) {
            // RFC 8414 §3.1: the metadata of an issuer with a path lives at the host's root, which
            // this filter sees only when the application path is the root.
            String fromRoot = context.getUriInfo().getRequestUri().getRawPath();
            if (!provider.rootPaths().contains(fromRoot)) {
                return;
            }
            path = fromRoot;
        }
        Request.Builder request = JaxrsExchange.request(context, path);
        request.body(context.getEntityStream(), context.getLength(), provider.maxBodyBytes());
        Map<String, Object> environ = Map.of(ContainerRequestContext.class.getName(), context,
                UriInfo.class.getName(), context.getUriInfo(),
                SecurityContext.class.getName(), context.getSecurityContext());
        context.abortWith(JaxrsExchange.response(provider.dispatch(request.build(), environ)));
    }
}
