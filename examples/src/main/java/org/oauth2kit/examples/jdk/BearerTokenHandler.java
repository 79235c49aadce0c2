package org.oauth2kit.examples.jdk;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.oauth2kit.AccessToken;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;

/**
 * Protects a resource with bearer tokens (RFC 6750): the wrapped handler runs only for a valid
 * token carrying every required scope, and receives that token; otherwise the Provider's refusal
 * (401 or 403 with {@code WWW-Authenticate}, 400, 503) is sent as it is.
 *
 * <pre>{@code
 * server.createContext("/api/me", new BearerTokenHandler(provider,
 *         (exchange, token) -> ... token.subject() ..., "read"));
 * }</pre>
 *
 * <p>Why a wrapping handler and not a {@code com.sun.net.httpserver.Filter} with an exchange
 * attribute: on JDK 17 {@code HttpExchange.setAttribute} stores into the attributes of the
 * {@code HttpContext}, which every concurrent exchange of that context shares, so one request
 * could see another's token. Passing the token as an argument has no such trap.
 *
 * <p>The request body is left unread for the resource, so tokens in a form body (RFC 6750 §2.2)
 * are not looked at; send them in the {@code Authorization} header.
 */
public final class BearerTokenHandler implements HttpHandler {

    /** A resource handler that is given the validated token. */
    @FunctionalInterface
    public interface ProtectedHandler {
        void handle(HttpExchange exchange, AccessToken token) throws IOException;
    }

    private final Provider provider;
    private final ProtectedHandler resource;
    private final List<String> requiredScopes;

    /** @param requiredScopes scopes the token must all carry; none for "any valid token" */
    public BearerTokenHandler(Provider provider, ProtectedHandler resource, String... requiredScopes) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.requiredScopes = List.of(requiredScopes);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        BearerResult result = provider.validateBearer(
                JdkExchange.request(exchange, exchange.getRequestURI().getRawPath(), 0), requiredScopes);
        if (result instanceof BearerResult.Authorized authorized) {
            resource.handle(exchange, authorized.token());
        } else if (result instanceof BearerResult.Rejected rejected) {
            JdkExchange.send(exchange, rejected.response());
        }
    }
}
