package org.oauth2kit.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
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
    private HttpServer server;

    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected URI startServer(Provider provider) {
        ResourceConfig application = new ResourceConfig()
                .register(new OAuth2Feature(provider))
                .register(Api.class);
        server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), application);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    protected void stopServer() {
        server.stop(0);
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

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
        @DisplayName("R17 the token endpoint answers any content type itself, with an OAuth error rather than JAX-RS's 415")
        void anyContentType() throws Exception {
            for (String type : new String[] {"text/plain", "application/json", "multipart/form-data; boundary=x",
                    "application/x-unknown", "not a media type", ";;;"}) {
                HttpResponse<String> r = send("POST", "/token", type, "grant_type=client_credentials");
                                assertThat(r.statusCode()).as(type + ": " + r.body()).isEqualTo(400);
                assertThat(JsonFields.string(r.body(), "error")).as(type).isEqualTo("invalid_request");
            }
            HttpResponse<String> none = send("POST", "/token", null, "grant_type=client_credentials");
            assertThat(none.statusCode()).as(none.body()).isBetween(400, 499);
            assertThat(none.body()).contains("\"error\"");
        }

        @Test
        @DisplayName("R35 wrong methods reach the Provider and get its answer, not a stack trace")
        void methods() throws Exception {
            for (String method : new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "BREW"}) {
                HttpResponse<String> r = send(method, "/token", "application/x-www-form-urlencoded", "");
                assertThat(r.statusCode()).as(method + ": " + r.body()).isBetween(400, 499);
                assertThat(r.body()).as(method).contains("\"error\"");
            }
        }

        @Test
        @DisplayName("R35 a body beyond maxBodyBytes is refused with 413")
        void oversizedBody() throws Exception {
            HttpResponse<String> r = postForm("/token", "a=" + "x".repeat(provider.maxBodyBytes() + 10));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        }

        @Test
        @DisplayName("R12 the raw query reaches the Provider undecoded, so a repeated parameter is invalid_request")
        void rawQuery() throws Exception {
            HttpResponse<String> r = get("/authorize?response_type=code&client_id=abc&client_id=abc"
                    + "&redirect_uri=http%3A%2F%2Flocalhost%3A8081%2Fcallback&state=s");
            assertThat(r.statusCode()).as(r.body()).isBetween(302, 400);
        }

        @Test
        @DisplayName("paths the Provider does not serve are left to JAX-RS")
        void otherPaths() throws Exception {
            assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        }
    }
}
