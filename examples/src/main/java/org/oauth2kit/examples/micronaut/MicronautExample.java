package org.oauth2kit.examples.micronaut;

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
import org.oauth2kit.examples.DemoConfig;
import org.oauth2kit.examples.DemoPages;
import org.oauth2kit.examples.DemoServer;
import org.oauth2kit.micronaut.BearerTokenFilter;
import org.oauth2kit.micronaut.RequireScopes;

/**
 * The demo on Micronaut 4 (Netty): the {@link Provider} is a bean, so the adapter's controller
 * serves every OAuth endpoint at the root; {@code @RequireScopes("read")} guards
 * {@code /api/me}.
 */
public final class MicronautExample {
    private MicronautExample() {
    }

    public static void main(String[] args) {
        Provider provider = DemoConfig.memoryProvider("http://localhost:8080");
        start(provider, "127.0.0.1", 8080, "Micronaut, memory store");
        System.out.println("Serving " + provider.issuer());
    }

    public static DemoServer start(Provider provider, String host, int port, String serving) {
        // A Provider bean is all the adapter needs; here it is made outside the context and handed in.
        ApplicationContext context = ApplicationContext.builder()
                .singletons(provider, new LandingPage(DemoPages.landingPage(provider.issuer(), serving)))
                .properties(Map.of("micronaut.server.host", host, "micronaut.server.port", port))
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        int actualPort = server.getPort();
        return new DemoServer() {
            @Override
            public int port() {
                return actualPort;
            }

            @Override
            public void close() {
                context.close();
            }
        };
    }

    /** The landing page's HTML, as a bean for the controller. */
    record LandingPage(String html) {
    }

    @Controller
    static final class DemoController {
        private final LandingPage landing;

        DemoController(LandingPage landing) {
            this.landing = landing;
        }

        @Get(uri = "/", produces = MediaType.TEXT_HTML)
        String landing() {
            return landing.html();
        }

        /** The protected resource: the adapter's filter put the validated token in a request attribute. */
        @Get(uri = "/api/me", produces = MediaType.APPLICATION_JSON)
        @RequireScopes("read")
        HttpResponse<String> me(@RequestAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE) AccessToken token) {
            // a user's data: no cache may keep it
            return HttpResponse.ok(DemoPages.me(token)).header("Cache-Control", "no-store");
        }
    }
}
