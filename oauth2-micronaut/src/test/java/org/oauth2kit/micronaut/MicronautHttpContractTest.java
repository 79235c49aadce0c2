package org.oauth2kit.micronaut;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.HttpContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The HTTP contract on a real Micronaut Netty server, the Provider registered as a bean. */
class MicronautHttpContractTest extends HttpContract {
    private ApplicationContext context;

    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected URI startServer(Provider provider) {
        context = ApplicationContext.builder()
                .singletons(provider)
                .properties(Map.of("micronaut.server.port", 0, "micronaut.server.host", "127.0.0.1"))
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    @Override
    protected void stopServer() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    @DisplayName("R31 @RequireScopes on a class and on its method add up: the token needs the scopes of both")
    void classAndMethodScopesAddUp() throws Exception {
        String readOnly = clientCredentialsToken("read");
        String both = clientCredentialsToken("read write");
        assertThat(get("/both/guarded", "Authorization", authorizationHeader(readOnly)).statusCode()).isEqualTo(403);
        assertThat(get("/both/guarded", "Authorization", authorizationHeader(both)).statusCode()).isEqualTo(200);
        assertThat(get("/both/class-only", "Authorization", authorizationHeader(readOnly)).statusCode())
                .isEqualTo(200);
        assertThat(get("/both/class-only").statusCode()).isEqualTo(401);
    }

    @Controller("/both")
    @RequireScopes("read")
    static final class BothController {
        @Get(uri = "/guarded", produces = MediaType.TEXT_PLAIN)
        @RequireScopes("write")
        String guarded() {
            return "ok";
        }

        @Get(uri = "/class-only", produces = MediaType.TEXT_PLAIN)
        String classOnly() {
            return "ok";
        }
    }

    /** The resources the contract calls: read needs {@code read}, write needs {@code write}. */
    @Controller("/api")
    static final class ApiController {
        @Get(uri = "/me", produces = MediaType.APPLICATION_JSON)
        @RequireScopes("read")
        HttpResponse<String> me(@RequestAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE) AccessToken token) {
            String sub = token.subject() == null ? "" : "\"sub\":" + quote(token.subject()) + ",";
            return HttpResponse.ok("{" + sub + "\"client_id\":" + quote(token.clientId()) + "}");
        }

        @Get(uri = "/write", produces = MediaType.TEXT_PLAIN)
        @RequireScopes("write")
        String write() {
            return "written";
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
