package com.example.oauth;

import java.util.List;

import io.javalin.Javalin;
import io.javalin.http.Context;

import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.javalin.OAuth2Plugin;
import org.oauth2kit.javalin.RequireScopes;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;

/**
 * An OAuth 2.0 authorization server on Javalin 7: {@link OAuth2Plugin} serves the OAuth endpoints,
 * the route role {@link RequireScopes} protects {@code GET /api/me}.
 *
 * <p>{@code java [-Dport=8080] [-Dissuer=URL] [-Dalice.password=...] -jar target/oauth2kit-example-javalin.jar [port]}
 */
public final class AuthorizationServer {
    static final String REDIRECT_URI = "http://localhost:8081/callback";

    public static void main(String[] args) {
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

    /** Starts Javalin on {@code port} (0: any free port). */
    static Javalin start(int port, String issuer, String password) {
        Provider provider = provider(issuer, password);
        return Javalin.create(config -> {
            // /authorize, /token, /revoke, /introspect and the metadata
            config.registerPlugin(new OAuth2Plugin(provider));
            // served only with a valid token for "read"
            config.routes.get("/api/me", AuthorizationServer::me, RequireScopes.of("read"));
        }).start(port);
    }

    /** {@code GET /api/me}: whom the token speaks for. Both are ids this server chose: no JSON escaping needed. */
    private static void me(Context ctx) {
        AccessToken token = OAuth2Plugin.accessToken(ctx).orElseThrow();
        ctx.header("Cache-Control", "no-store").contentType("application/json")
                .result("{\"sub\":\"" + token.subject() + "\",\"client_id\":\"" + token.clientId() + "\"}");
    }
}
