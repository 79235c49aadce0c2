package org.oauth2kit.examples.javalin;

import io.javalin.Javalin;

import org.oauth2kit.Provider;
import org.oauth2kit.examples.DemoConfig;
import org.oauth2kit.examples.DemoPages;
import org.oauth2kit.examples.DemoServer;
import org.oauth2kit.javalin.OAuth2Plugin;
import org.oauth2kit.javalin.RequireScopes;

/**
 * The demo on Javalin 7: {@link OAuth2Plugin} serves every OAuth endpoint at the root, the route
 * role {@link RequireScopes} guards {@code /api/me}.
 */
public final class JavalinExample {
    private JavalinExample() {
    }

    public static void main(String[] args) {
        Provider provider = DemoConfig.memoryProvider("http://localhost:8080");
        start(provider, "127.0.0.1", 8080, "Javalin, memory store");
        System.out.println("Serving " + provider.issuer());
    }

    public static DemoServer start(Provider provider, String host, int port, String serving) {
        String landing = DemoPages.landingPage(provider.issuer(), serving);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.registerPlugin(new OAuth2Plugin(provider));
            config.routes.get("/", ctx -> ctx.html(landing));
            // a user's data: no cache may keep it
            config.routes.get("/api/me", ctx -> ctx.contentType("application/json").header("Cache-Control", "no-store")
                    .result(DemoPages.me(OAuth2Plugin.accessToken(ctx).orElseThrow())), RequireScopes.of("read"));
        }).start(host, port);
        return new DemoServer() {
            @Override
            public int port() {
                return app.port();
            }

            @Override
            public void close() {
                app.stop();
            }
        };
    }
}
