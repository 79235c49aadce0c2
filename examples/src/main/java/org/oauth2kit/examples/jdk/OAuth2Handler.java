package org.oauth2kit.examples.jdk;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import org.oauth2kit.Provider;

/**
 * Serves a {@link Provider} from the JDK's built-in {@code com.sun.net.httpserver.HttpServer}:
 * {@code server.createContext("/oauth", new OAuth2Handler(provider))} serves the token endpoint at
 * {@code /oauth/token}, and a context at {@code /} serves it at {@code /token}.
 *
 * <p>Everything below the context goes to {@link Provider#dispatch} as it came, and the
 * Provider's response goes back as it is: no protocol decision is made here.
 */
public final class OAuth2Handler implements HttpHandler {
    /** The key of the {@link HttpExchange} in the environ map the Provider hands to the SiteAdapter. */
    public static final String ENVIRON_EXCHANGE = "com.sun.net.httpserver.HttpExchange";

    private final Provider provider;

    public OAuth2Handler(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        JdkExchange.send(exchange, provider.dispatch(
                JdkExchange.request(exchange, pathBelowContext(exchange), provider.maxBodyBytes()),
                Map.of(ENVIRON_EXCHANGE, exchange)));
    }

    /**
     * The raw path below the context. A context matches by string prefix, so {@code /oauth} also
     * receives {@code /oauthx}: such a path is passed whole, and the Provider answers 404.
     */
    static String pathBelowContext(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String context = exchange.getHttpContext().getPath();
        if (context.endsWith("/")) {
            context = context.substring(0, context.length() - 1);
        }
        String rest = path.substring(Math.min(context.length(), path.length()));
        return rest.isEmpty() || rest.startsWith("/") ? rest : path;
    }
}
