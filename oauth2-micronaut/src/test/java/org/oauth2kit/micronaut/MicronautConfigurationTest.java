package org.oauth2kit.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.MutableClock;

/** The application.yml keys: a mount point, and resources guarded by path pattern. */
@DisplayName("Micronaut configuration")
class MicronautConfigurationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ApplicationContext context;
    private String base;

    @BeforeEach
    void start() {
        MutableClock clock = new MutableClock();
        MemoryTokenStore store = new MemoryTokenStore(clock);
        context = ApplicationContext.builder()
                .singletons(ContractFixture.provider(store, store, clock))
                .properties(Map.of("micronaut.server.port", 0, "micronaut.server.host", "127.0.0.1",
                        "oauth2kit.path", "/oauth/",
                        "oauth2kit.bearer.patterns", List.of("/data/**"),
                        "oauth2kit.bearer.scopes", List.of("read"),
                        "spec.name", "MicronautConfigurationTest"))
                .start();
        base = "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).start().getPort();
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    @DisplayName("R34 oauth2kit.path mounts every endpoint below it; at the root only RFC 8414's metadata location")
    void mountPoint() throws Exception {
        assertThat(get("/oauth/.well-known/oauth-authorization-server", null).statusCode()).isEqualTo(200);
        assertThat(token("read")).isNotBlank();
        // nothing of the Provider at the root, but RFC 8414's metadata location of this issuer (no path)
        assertThat(get("/token", null).statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/oauth-authorization-server", null).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R31 oauth2kit.bearer.patterns guard matching paths with oauth2kit.bearer.scopes and expose the token")
    void patterns() throws Exception {
        HttpResponse<String> missing = get("/data/item", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=");
        assertThat(get("/data/item", "Bearer " + token("write")).statusCode()).isEqualTo(403);
        HttpResponse<String> ok = get("/data/item", "Bearer " + token("read"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(ContractFixture.CLIENT_ID);
    }

    @Test
    @DisplayName("paths neither annotated nor matched stay open")
    void openPaths() throws Exception {
        assertThat(get("/open", null).statusCode()).isEqualTo(200);
    }

    private String token(String scope) throws Exception {
        String credentials = Base64.getEncoder().encodeToString(
                (ContractFixture.CLIENT_ID + ":" + ContractFixture.CLIENT_SECRET).getBytes());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonFields.string(r.body(), "access_token");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Controller
    @Requires(property = "spec.name", value = "MicronautConfigurationTest")
    static final class Resources {
        @Get(uri = "/data/item", produces = "text/plain")
        String item(@RequestAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE) AccessToken token) {
            return token.clientId();
        }

        @Get(uri = "/open", produces = "text/plain")
        String open() {
            return "open";
        }
    }
}
