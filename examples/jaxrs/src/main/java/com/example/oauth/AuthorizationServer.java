package com.example.oauth;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.jaxrs.AccessTokenPrincipal;
import org.oauth2kit.jaxrs.OAuth2Feature;
import org.oauth2kit.jaxrs.RequireScopes;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;

/**
 * An OAuth 2.0 authorization server on Jersey and the JDK's HTTP server: {@link OAuth2Feature} serves
 * {@code /authorize}, {@code /token}, {@code /revoke}, {@code /introspect} and the metadata, and
 * {@code @RequireScopes("read")} guards {@code GET /api/me}.
 *
 * <p>{@code java [-Dissuer=URL] [-Dalice.password=...] -jar target/oauth2kit-example-jaxrs.jar [port]}
 */
public final class AuthorizationServer {
    static final String REDIRECT_URI = "http://localhost:8081/callback";

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", 8080);
        HttpServer server = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        System.out.println("Serving http://localhost:" + server.getAddress().getPort());
    }

    /** Binds the port first, so that the issuer names the port actually bound, port 0 included. */
    public static HttpServer start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        Provider provider = provider(System.getProperty("issuer", "http://localhost:" + server.getAddress().getPort()));
        ResourceConfig application = new ResourceConfig()
                .register(new OAuth2Feature(provider))
                .register(Api.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        server.createContext("/", ContainerFactory.createContainer(HttpHandler.class, application));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    /** The OAuth side: clients, stores, grants and scopes. */
    static Provider provider(String issuer) {
        MemoryClientStore clients = new MemoryClientStore();
        clients.addClient("abc", "xyz", List.of(REDIRECT_URI)); // confidential: a server-side web application
        clients.addClient(Client.builder("pub").redirectUri(REDIRECT_URI).build()); // public: no secret
        Scope scope = new Scope(List.of("read", "write"), "read");
        return Provider.builder()
                .issuer(issuer)
                .clientStore(clients)
                .tokenStore(new MemoryTokenStore())
                .siteAdapter(new SignInSiteAdapter(System.getProperty("alice.password", "wonderland"),
                        issuer.startsWith("https:")))
                .requirePkce(true) // of every client, not only public ones
                .grant(new AuthorizationCodeGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build())
                .build();
    }

    /** The protected resource: the adapter's filter has checked the token and made it the principal. */
    @Path("/api")
    public static final class Api {
        @GET
        @Path("me")
        @Produces(MediaType.APPLICATION_JSON)
        @RequireScopes("read")
        public Response me(@Context SecurityContext security) {
            AccessToken token = ((AccessTokenPrincipal) security.getUserPrincipal()).token();
            String json = "{\"sub\":" + json(token.subject()) + ",\"client_id\":" + json(token.clientId()) + "}";
            return Response.ok(json).header("Cache-Control", "no-store").build(); // a user's data: never cached
        }

        private static String json(String s) { // a JSON string, control characters left out
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\p{Cntrl}", "") + '"';
        }
    }
}
