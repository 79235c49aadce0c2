package org.oauth2kit.servlet;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.oauth2kit.AccessToken;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;

/**
 * Protects resources with bearer tokens (RFC 6750, R31): a request passes only with a valid token
 * carrying every required scope, and then finds the {@link AccessToken} in the request attribute
 * {@value #ACCESS_TOKEN_ATTRIBUTE}. Otherwise the Provider's refusal (401 or 403 with
 * {@code WWW-Authenticate}, 400, 503) is sent and the chain stops.
 *
 * <p>The request body is left unread for the resource, so tokens in a form body (RFC 6750 §2.2)
 * are not looked at; send them in the {@code Authorization} header.
 */
public final class BearerTokenFilter implements Filter {
    /** The request attribute holding the validated {@link AccessToken}. */
    public static final String ACCESS_TOKEN_ATTRIBUTE = org.oauth2kit.AccessToken.REQUEST_ATTRIBUTE;
    /** Init parameter: the required scopes, space-separated. */
    public static final String SCOPES_PARAMETER = "scopes";

    private Provider provider;
    private List<String> requiredScopes;

    /** For web.xml: Provider and scopes come from the context attribute and the init parameters. */
    public BearerTokenFilter() {
    }

    /** @param requiredScopes scopes the token must all carry; none for "any valid token" */
    public BearerTokenFilter(Provider provider, String... requiredScopes) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.requiredScopes = List.of(requiredScopes);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (provider == null) {
            provider = ServletExchange.lookup(config.getServletContext(),
                    config.getInitParameter(OAuth2Servlet.PROVIDER_ATTRIBUTE_PARAMETER));
        }
        if (requiredScopes == null) {
            String scopes = config.getInitParameter(SCOPES_PARAMETER);
            requiredScopes = scopes == null || scopes.isBlank() ? List.of() : List.of(scopes.trim().split("\\s+"));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse res)) {
            throw new ServletException("BearerTokenFilter serves HTTP requests only");
        }
        // the path from the host's root, as a client names the resource (RFC 8707, RFC 9449's htu)
        String path = req.getRequestURI();
        BearerResult result = provider.validateBearer(ServletExchange.request(req, path, 0), requiredScopes);
        if (result instanceof BearerResult.Authorized authorized) {
            req.setAttribute(ACCESS_TOKEN_ATTRIBUTE, authorized.token());
            chain.doFilter(req, res);
        } else if (result instanceof BearerResult.Rejected rejected) {
            ServletExchange.send(rejected.response(), req, res);
        }
    }
}
