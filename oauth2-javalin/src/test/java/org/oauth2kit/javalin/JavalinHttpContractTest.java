package org.oauth2kit.javalin;

import java.net.URI;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.HttpContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The HTTP contract on a real Javalin 7 (Jetty 12) server on port 0. */
class JavalinHttpContractTest extends HttpContract {
    private Javalin app;

    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected URI startServer(Provider provider) {
        app = Javalin.create(config -> {
            config.registerPlugin(new OAuth2Plugin(provider));
            config.routes.get("/api/me", JavalinHttpContractTest::me, RequireScopes.of("read"));
            config.routes.get("/api/write", ctx -> ctx.result("written"), RequireScopes.of("write"));
        }).start("127.0.0.1", 0);
        return URI.create("http://127.0.0.1:" + app.port());
    }

    @Override
    protected void stopServer() {
        if (app != null) {
            app.stop();
        }
    }

    private static void me(Context ctx) {
        AccessToken token = OAuth2Plugin.accessToken(ctx).orElseThrow();
        StringBuilder json = new StringBuilder("{");
        if (token.subject() != null) {
            json.append("\"sub\":").append(quoted(token.subject())).append(',');
        }
        json.append("\"client_id\":").append(quoted(token.clientId())).append('}');
        ctx.contentType("application/json").result(json.toString());
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
