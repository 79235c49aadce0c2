package org.oauth2kit.examples.jaxrs;

import java.net.URI;

import com.sun.net.httpserver.HttpServer;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.oauth2kit.Provider;
import org.oauth2kit.examples.DemoConfig;
import org.oauth2kit.examples.DemoPages;
import org.oauth2kit.examples.DemoServer;
import org.oauth2kit.jaxrs.AccessTokenPrincipal;
import org.oauth2kit.jaxrs.OAuth2Feature;
import org.oauth2kit.jaxrs.RequireScopes;

/**
 * The demo as a JAX-RS application on Jersey 4 and the JDK's HTTP server: {@link OAuth2Feature}
 * answers every OAuth endpoint, {@code @RequireScopes("read")} guards {@code /api/me}.
 */
public final class JaxrsExample {
    private JaxrsExample() {
    }

    public static void main(String[] args) throws Exception {
        Provider provider = DemoConfig.memoryProvider("http://localhost:8080");
        start(provider, "127.0.0.1", 8080, "JAX-RS (Jersey), memory store");
        System.out.println("Serving " + provider.issuer());
    }

    public static DemoServer start(Provider provider, String host, int port, String serving) {
        ResourceConfig application = new ResourceConfig()
                .register(new OAuth2Feature(provider))
                .register(new Pages(provider.issuer(), serving))
                .register(Api.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        String authority = host.contains(":") ? "[" + host + "]" : host;
        HttpServer server = JdkHttpServerFactory.createHttpServer(
                URI.create("http://" + authority + ":" + port + "/"), application);
        int actualPort = server.getAddress().getPort();
        return new DemoServer() {
            @Override
            public int port() {
                return actualPort;
            }

            @Override
            public void close() {
                server.stop(0);
            }
        };
    }

    /** The protected resource: the filter behind {@code @RequireScopes} set the principal. */
    @Path("/api")
    public static final class Api {
        @GET
        @Path("me")
        @Produces(MediaType.APPLICATION_JSON)
        @RequireScopes("read")
        public Response me(@Context SecurityContext security) {
            // a user's data: no cache may keep it
            return Response.ok(DemoPages.me(((AccessTokenPrincipal) security.getUserPrincipal()).token()))
                    .header("Cache-Control", "no-store").build();
        }
    }

    @Path("/")
    public static final class Pages {
        private final String landing;

        Pages(String issuer, String serving) {
            this.landing = DemoPages.landingPage(issuer, serving);
        }

        @GET
        @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
        public String landing() {
            return landing;
        }
    }
}
