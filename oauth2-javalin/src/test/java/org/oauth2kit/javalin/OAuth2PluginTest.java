package org.oauth2kit.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.ContractSiteAdapter;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** What the Javalin adapter adds to the HTTP contract: mounting, both protection idioms, the environ. */
class OAuth2PluginTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Provider provider;
    private Javalin app;
    private String base;

    @BeforeEach
    void provider() {
        MemoryTokenStore store = new MemoryTokenStore(new MutableClock());
        provider = ContractFixture.provider(store, store, new MutableClock(), b -> b.siteAdapter(new EnvironEcho()));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void start(Consumer<JavalinConfig> config) {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            config.accept(c);
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String mount, String scope) throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (ContractFixture.CLIENT_ID + ":" + ContractFixture.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send("POST", mount + "/token", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8),
                "Authorization", basic);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonFields.string(r.body(), "access_token");
    }

    @Nested
    @DisplayName("Mounting the Provider")
    class Mounting {
        @Test
        @DisplayName("R34 serves every Provider path below the mount path; at the root only RFC 8414's metadata location")
        void mountPath() throws Exception {
            start(c -> c.registerPlugin(new OAuth2Plugin(oauth -> oauth.provider(provider).mountPath("/oauth"))));
            assertThat(token("/oauth", "read")).isNotEmpty();
            assertThat(send("GET", "/oauth/.well-known/oauth-authorization-server", null, null).statusCode())
                    .isEqualTo(200);
            assertThat(send("GET", "/token", null, null).statusCode()).isEqualTo(404);
            assertThat(provider.metadataLocation()).isEqualTo("/.well-known/oauth-authorization-server");
            assertThat(send("GET", "/.well-known/oauth-authorization-server", null, null).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("R35 methods the Provider refuses are answered by the Provider, as OAuth JSON errors")
        void otherMethods() throws Exception {
            start(c -> c.registerPlugin(new OAuth2Plugin(provider)));
            for (String method : List.of("PUT", "DELETE", "PATCH")) {
                HttpResponse<String> r = send(method, "/token", "application/x-www-form-urlencoded", "a=b");
                assertThat(r.statusCode()).as(method).isBetween(400, 499);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                assertThat(JsonFields.string(r.body(), "error")).isNotEmpty();
            }
        }

        @Test
        @DisplayName("hands the Javalin Context to the SiteAdapter under OAuth2Plugin.ENVIRON_CONTEXT")
        void environ() throws Exception {
            start(c -> c.registerPlugin(new OAuth2Plugin(oauth -> oauth.provider(provider).mountPath("/oauth"))));
            HttpResponse<String> r = send("GET", "/oauth/authorize?response_type=code&client_id="
                    + ContractFixture.CLIENT_ID + "&redirect_uri="
                    + URLEncoder.encode(ContractFixture.REDIRECT_URI, StandardCharsets.UTF_8) + "&state=s1", null, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Javalin-Path")).contains("/oauth/authorize");
        }

        @Test
        @DisplayName("copies the Provider's response as it is: a redirect gets no Content-Type from Javalin's defaults")
        void responseCopiedAsItIs() throws Exception {
            start(c -> c.registerPlugin(new OAuth2Plugin(provider)));
            HttpResponse<String> r = send("POST", "/authorize?response_type=code&client_id="
                    + ContractFixture.CLIENT_ID + "&redirect_uri="
                    + URLEncoder.encode(ContractFixture.REDIRECT_URI, StandardCharsets.UTF_8) + "&state=s1",
                    "application/x-www-form-urlencoded", "username=alice&password=wonderland&consent=allow");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).startsWith(ContractFixture.REDIRECT_URI + "?code=");
            assertThat(r.headers().allValues("Cache-Control")).containsExactly("no-store");
            assertThat(r.headers().allValues("Pragma")).containsExactly("no-cache");
            assertThat(r.headers().firstValue("Content-Type")).isEmpty();
            assertThat(r.body()).isEmpty();
        }

        @Test
        @DisplayName("refuses a plugin without a Provider or with a malformed mount path")
        void configuration() {
            assertThatThrownBy(() -> new OAuth2Plugin(oauth -> { })).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new OAuth2Plugin(oauth -> oauth.provider(provider).mountPath("oauth/")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("Protecting routes")
    class Protecting {
        @Test
        @DisplayName("R31 the bearer before-handler lets a valid token through and sends the Provider's refusal otherwise")
        void beforeHandler() throws Exception {
            start(c -> {
                c.registerPlugin(new OAuth2Plugin(provider));
                c.routes.before("/data/*", OAuth2Plugin.bearer(provider, "write"));
                c.routes.get("/data/item", ctx -> ctx.result(OAuth2Plugin.accessToken(ctx).orElseThrow().clientId()));
            });
            HttpResponse<String> missing = send("GET", "/data/item", null, null);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=");
            assertThat(missing.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(missing.body()).doesNotContain(ContractFixture.CLIENT_ID);

            HttpResponse<String> scope = send("GET", "/data/item", null, null, "Authorization",
                    "Bearer " + token("", "read"));
            assertThat(scope.statusCode()).isEqualTo(403);
            assertThat(JsonFields.string(scope.body(), "error")).isEqualTo("insufficient_scope");

            HttpResponse<String> ok = send("GET", "/data/item", null, null, "Authorization",
                    "Bearer " + token("", "read write"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo(ContractFixture.CLIENT_ID);
        }

        @Test
        @DisplayName("R31 several RequireScopes on one route add up; RequireScopes.of() asks for any valid token")
        void rolesAddUp() throws Exception {
            start(c -> {
                c.registerPlugin(new OAuth2Plugin(provider));
                c.routes.get("/both", ctx -> ctx.result("ok"), RequireScopes.of("read"), RequireScopes.of("write"));
                c.routes.get("/any", ctx -> ctx.result("ok"), RequireScopes.of());
                c.routes.get("/open", ctx -> ctx.result("ok"));
            });
            String read = token("", "read");
            assertThat(send("GET", "/both", null, null, "Authorization", "Bearer " + read).statusCode()).isEqualTo(403);
            assertThat(send("GET", "/both", null, null, "Authorization", "Bearer " + token("", "read write"))
                    .statusCode()).isEqualTo(200);
            assertThat(send("GET", "/any", null, null, "Authorization", "Bearer " + read).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/any", null, null).statusCode()).isEqualTo(401);
            assertThat(send("GET", "/open", null, null).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("a protected route still reads its own body, JSON or form, after the token check")
        void bodyStaysReadable() throws Exception {
            start(c -> {
                c.registerPlugin(new OAuth2Plugin(provider));
                c.routes.post("/json", ctx -> ctx.result("got " + ctx.body()), RequireScopes.of("read"));
                c.routes.post("/form", ctx -> ctx.result("got " + ctx.formParam("name")), RequireScopes.of("read"));
            });
            String bearer = "Bearer " + token("", "read");
            HttpResponse<String> json = send("POST", "/json", "application/json", "{\"a\":1}", "Authorization", bearer);
            assertThat(json.body()).isEqualTo("got {\"a\":1}");
            HttpResponse<String> form = send("POST", "/form", "application/x-www-form-urlencoded", "name=x%20y",
                    "Authorization", bearer);
            assertThat(form.body()).isEqualTo("got x y");
        }

        @Test
        @DisplayName("R31 with allowBearerInForm, a token in a form body passes and the route still reads the form")
        void tokenInForm() throws Exception {
            MemoryTokenStore store = new MemoryTokenStore(new MutableClock());
            provider = ContractFixture.provider(store, store, new MutableClock(), b -> b.allowBearerInForm(true));
            start(c -> {
                c.registerPlugin(new OAuth2Plugin(provider));
                c.routes.post("/form", ctx -> ctx.result("got " + ctx.formParam("name")), RequireScopes.of("read"));
            });
            HttpResponse<String> r = send("POST", "/form", "application/x-www-form-urlencoded",
                    "name=x&access_token=" + token("", "read"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("got x");
            assertThat(send("POST", "/form", "application/x-www-form-urlencoded", "name=x&access_token=nope")
                    .statusCode()).isEqualTo(401);
        }

        @Test
        @DisplayName("R31 every value of a repeated header reaches the core: two Authorization headers are a 400")
        void repeatedHeaders() throws Exception {
            start(c -> {
                c.registerPlugin(new OAuth2Plugin(provider));
                c.routes.get("/any", ctx -> ctx.result("ok"), RequireScopes.of());
            });
            String bearer = "Bearer " + token("", "read");
            HttpResponse<String> r = send("GET", "/any", null, null, "Authorization", bearer, "Authorization", bearer);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JsonFields.string(r.body(), "error")).isEqualTo("invalid_request");
        }
    }

    /** The contract's SiteAdapter, plus a header telling which path the Javalin Context in the environ saw. */
    private static final class EnvironEcho implements org.oauth2kit.web.SiteAdapter {
        private final ContractSiteAdapter delegate = new ContractSiteAdapter();

        @Override
        public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                Client client) {
            return delegate.authenticate(request, environ, scopes, client);
        }

        @Override
        public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                List<String> scopes, Client client) {
            Context ctx = (Context) environ.get(OAuth2Plugin.ENVIRON_CONTEXT);
            return delegate.renderAuthPage(request, response, environ, scopes, client)
                    .withHeader("X-Javalin-Path", ctx.path());
        }

        @Override
        public Map<String, String> authenticateResourceOwner(String username, String password, Request request,
                Map<String, Object> environ, List<String> scopes, Client client) {
            return delegate.authenticateResourceOwner(username, password, request, environ, scopes, client);
        }

        @Override
        public boolean userHasDeniedAccess(Request request, Map<String, Object> environ) {
            return delegate.userHasDeniedAccess(request, environ);
        }
    }
}
