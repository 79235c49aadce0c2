package com.example.oauth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;

import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.micronaut.RequireScopes;
import org.oauth2kit.store.memory.MemoryClientStore;
import org.oauth2kit.store.memory.MemoryTokenStore;

/**
 * An OAuth 2.0 authorization server on Micronaut 4 (Netty). The {@link Provider} is a bean, so the
 * oauth2-micronaut adapter serves {@code /authorize}, {@code /token}, {@code /revoke}, {@code /introspect}
 * and the metadata, and its filter guards routes marked {@code @RequireScopes}.
 *
 * <p>{@code java [-Dissuer=URL] [-Dalice.password=...] -jar target/oauth2kit-example-micronaut.jar [port]}
 */
public final class AuthorizationServer {
    static final String REDIRECT_URI = "http://localhost:8081/callback";

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("port", 8080);
        EmbeddedServer server = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server.getApplicationContext()::close));
        System.out.println("Serving http://localhost:" + server.getPort());
    }

    /** The issuer names the port, and the Provider exists before Micronaut binds: port 0 picks a free port first. */
    public static EmbeddedServer start(int port) throws IOException {
        if (port == 0) {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
        }
        ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                "micronaut.server.host", "localhost", "micronaut.server.port", port,
                "example.issuer", System.getProperty("issuer", "http://localhost:" + port))).start();
        return context.getBean(EmbeddedServer.class).start();
    }

    /** The one bean the adapter needs: with it, the OAuth endpoints and the bearer-token filter switch on. */
    @Factory
    static class ProviderFactory {
        @Singleton
        Provider provider(@Value("${example.issuer}") String issuer) {
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
    }

    /** The protected resource: the adapter's filter has checked the token and left it in a request attribute. */
    @Controller("/api")
    static class Api {
        @Get(uri = "/me", produces = MediaType.APPLICATION_JSON)
        @RequireScopes("read")
        HttpResponse<Map<String, String>> me(@RequestAttribute(AccessToken.REQUEST_ATTRIBUTE) AccessToken token) {
            return HttpResponse.ok(Map.of("sub", token.subject(), "client_id", token.clientId()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store"); // a user's data: never cached
        }
    }
}
