package org.oauth2kit.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpResponse;


import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.jetty.JettyHttpContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.HttpContract;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The HTTP contract on a real Jersey 4 server (the JDK's HTTP server), plus what is JAX-RS specific. */
class JerseyHttpContractTest extends HttpContract {
    private Server server;

    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected URI startServer(Provider provider) {
        ResourceConfig application = new ResourceConfig()
                .register(new OAuth2Feature(provider))
                .register(Api.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        server = JettyHttpContainerFactory.createServer(URI.create("http://127.0.0.1:0/"), application);
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    /**
     * A JAX-RS application sees the request URI only as a {@code java.net.URI}, which cannot hold
     * {@code %zz}: the container refuses such a request line before JAX-RS code runs.
     */
    @Override
    protected boolean deliversMalformedRequestTargets() {
        return false;
    }

    /** The protected resources the contract expects, plus one that shows what the filter exposes. */
    @Path("/api")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class Api {
        @GET
        @Path("me")
        @RequireScopes("read")
        public String me(@Context SecurityContext security) {
            AccessToken token = ((AccessTokenPrincipal) security.getUserPrincipal()).token();
            return token.subject() == null ? "{\"client_id\":\"" + token.clientId() + "\"}"
                    : "{\"sub\":\"" + token.subject() + "\",\"client_id\":\"" + token.clientId() + "\"}";
        }

        @GET
        @Path("write")
        @RequireScopes("write")
        public String write() {
            return "{\"written\":true}";
        }

        @POST
        @Path("echo")
        @RequireScopes
        @Produces(MediaType.TEXT_PLAIN)
        public String echo(String body) {
            return body;
        }

        @GET
        @Path("whoami")
        @RequireScopes
        public String whoami(@Context SecurityContext security, @Context ContainerRequestContext request) {
            AccessToken fromProperty = (AccessToken) request.getProperty(BearerTokenFilter.ACCESS_TOKEN_PROPERTY);
            AccessToken fromPrincipal = ((AccessTokenPrincipal) security.getUserPrincipal()).token();
            return "{\"name\":\"" + security.getUserPrincipal().getName() + "\",\"scheme\":\""
                    + security.getAuthenticationScheme() + "\",\"read\":" + security.isUserInRole("read")
                    + ",\"write\":" + security.isUserInRole("write") + ",\"same\":" + (fromProperty == fromPrincipal)
                    + "}";
        }
    }

    @Nested
    @DisplayName("On JAX-RS")
    class OnJaxRs {
        @Test
        @DisplayName("R31 the validated token is the SecurityContext's principal, its scopes are roles, and it is a request property")
        void securityContext() throws Exception {
            String token = clientCredentialsToken("read");
            HttpResponse<String> r = get("/api/whoami", "Authorization", "Bearer " + token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JsonFields.string(r.body(), "name")).isEqualTo(ContractFixture.CLIENT_ID);
            assertThat(JsonFields.string(r.body(), "scheme")).isEqualTo("Bearer");
            assertThat(r.body()).contains("\"read\":true", "\"write\":false", "\"same\":true");
        }

        @Test
        @DisplayName("R31 @RequireScopes without scopes still needs a valid token")
        void anyValidToken() throws Exception {
            HttpResponse<String> r = get("/api/whoami");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=");
        }

        @Test
        @DisplayName("R17 any content type, even a malformed one, reaches the Provider: OAuth errors, not JAX-RS's 400 or 415")
        void anyContentType() throws Exception {
            for (String type : new String[] {"text/plain", "multipart/form-data; boundary=x", "application/x-unknown",
                    "not a media type", ";;;"}) {
                HttpResponse<String> r = post("/token", type, "grant_type=client_credentials");
                assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(400);
                assertThat(JsonFields.string(r.body(), "error")).as(type).isEqualTo("invalid_request");
            }
        }

        @Test
        @DisplayName("R35 a method JAX-RS does not know reaches the Provider and gets its 405")
        void unknownMethod() throws Exception {
            HttpResponse<String> r = send("BREW", "/token", "grant_type=client_credentials".getBytes(UTF_8),
                    "Content-Type", "application/x-www-form-urlencoded");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(405);
            assertThat(JsonFields.string(r.body(), "error")).isNotNull();
        }

        @Test
        @DisplayName("R31 a form body read for the bearer check still reaches the resource method")
        void formBodyReachesResource() throws Exception {
            String token = clientCredentialsToken("read");
            HttpResponse<String> r = send("POST", "/api/echo", "a=1&b=%20".getBytes(UTF_8),
                    "Authorization", "Bearer " + token, "Content-Type", "application/x-www-form-urlencoded");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("a=1&b=%20");
        }

        @Test
        @DisplayName("paths the Provider does not serve are left to the application")
        void otherPaths() throws Exception {
            assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        }
    }
}
