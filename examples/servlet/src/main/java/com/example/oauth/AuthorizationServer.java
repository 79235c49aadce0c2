package com.example.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.servlet.BearerTokenFilter;
import org.oauth2kit.servlet.OAuth2Servlet;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;

/**
 * An OAuth 2.0 authorization server on embedded Jetty 12: {@link OAuth2Servlet} serves the OAuth
 * endpoints, {@link BearerTokenFilter} protects {@code GET /api/me}.
 *
 * <p>{@code java [-Dport=8080] [-Dissuer=URL] [-Dalice.password=...] -jar target/oauth2kit-example-servlet.jar [port]}
 */
public final class AuthorizationServer {
    static final String REDIRECT_URI = "http://localhost:8081/callback";

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", 8080);
        String issuer = System.getProperty("issuer", "http://localhost:" + port);
        start(port, issuer, System.getProperty("alice.password", "wonderland"));
        System.out.println("Serving " + issuer);
    }

    /** The OAuth side: clients, stores, grants and scopes. */
    static Provider provider(String issuer, String password) {
        MemoryClientStore clients = new MemoryClientStore();
        clients.addClient("abc", "xyz", List.of(REDIRECT_URI)); // confidential: a server-side web application
        clients.addClient(Client.builder("pub").redirectUri(REDIRECT_URI).build()); // public: no secret
        Scope scope = new Scope(List.of("read", "write"), "read");
        return Provider.builder()
                .issuer(issuer)
                .tokenStore(new MemoryTokenStore())
                .clientStore(clients)
                .siteAdapter(new SignInSiteAdapter(password, issuer.startsWith("https:")))
                .requirePkce(true) // of confidential clients too; public clients always need it
                .grant(new AuthorizationCodeGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build())
                .build();
    }

    /** Starts Jetty on {@code port} (0: any free port). */
    static Server start(int port, String issuer, String password) throws Exception {
        Provider provider = provider(issuer, password);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
        oauth.setAsyncSupported(true); // a token request waits for its store without holding a thread
        for (String path : provider.paths()) { // /authorize, /token, /revoke, /introspect, the metadata
            context.addServlet(oauth, path);
        }
        context.addFilter(new FilterHolder(new BearerTokenFilter(provider, "read")), "/api/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Me()), "/api/me");
        Server jetty = new Server(port);
        jetty.setHandler(context);
        jetty.start();
        return jetty;
    }

    /** {@code GET /api/me}: the filter lets only requests with a valid token for {@code read} into /api/. */
    static final class Me extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AccessToken token = (AccessToken) request.getAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            // both are ids this server chose: no JSON escaping needed
            String json = "{\"sub\":\"" + token.subject() + "\",\"client_id\":\"" + token.clientId() + "\"}";
            response.getOutputStream().write(json.getBytes(UTF_8));
        }
    }
}
