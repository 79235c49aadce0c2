package org.oauth2kit.micronaut;

import java.net.URI;
import java.util.Map;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.runtime.server.EmbeddedServer;
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

    /** The resources the contract calls: read needs {@code read}, write needs {@code write}. */
    @Controller("/api")
    static final class ApiController {
        @Get(uri = "/me", produces = MediaType.APPLICATION_JSON)
        @ProtectedResource(scopes = "read")
        HttpResponse<String> me(@RequestAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE) AccessToken token) {
            String sub = token.subject() == null ? "" : "\"sub\":" + quote(token.subject()) + ",";
            return HttpResponse.ok("{" + sub + "\"client_id\":" + quote(token.clientId()) + "}");
        }

        @Get(uri = "/write", produces = MediaType.TEXT_PLAIN)
        @ProtectedResource(scopes = "write")
        String write() {
            return "written";
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
