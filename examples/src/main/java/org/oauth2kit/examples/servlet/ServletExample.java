package org.oauth2kit.examples.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.examples.DemoConfig;
import org.oauth2kit.examples.DemoPages;
import org.oauth2kit.examples.DemoServer;
import org.oauth2kit.servlet.BearerTokenFilter;
import org.oauth2kit.servlet.OAuth2Servlet;

/**
 * The demo on embedded Jetty 12 with the servlet adapter: {@link OAuth2Servlet} serves every
 * OAuth endpoint at the root, {@link BearerTokenFilter} guards {@code /api/me}.
 */
public final class ServletExample {
    private ServletExample() {
    }

    public static void main(String[] args) throws Exception {
        Provider provider = DemoConfig.memoryProvider("http://localhost:8080");
        start(provider, "127.0.0.1", 8080, "servlet (Jetty), memory store");
        System.out.println("Serving " + provider.issuer());
    }

    /** Starts Jetty serving {@code provider}, the landing page and the protected resource. */
    public static DemoServer start(Provider provider, String host, int port, String serving) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        // every path the Provider knows (/authorize, /token, ...); anything else gets its 404
        ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
        oauth.setAsyncSupported(true); // a token request waits for its store without holding a thread
        context.addServlet(oauth, "/*");
        // exact mappings win over /*
        context.addServlet(new ServletHolder(new Landing(provider.issuer(), serving)), "");
        context.addServlet(new ServletHolder(new Me()), "/api/me");
        context.addFilter(new FilterHolder(new BearerTokenFilter(provider, "read")), "/api/me",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();

        int actualPort = connector.getLocalPort();
        return new DemoServer() {
            @Override
            public int port() {
                return actualPort;
            }

            @Override
            public void close() {
                try {
                    server.stop();
                } catch (Exception e) {
                    throw new IllegalStateException("Jetty did not stop", e);
                }
            }
        };
    }

    /** The protected resource: the filter has put the validated token in a request attribute. */
    static final class Me extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            AccessToken token = (AccessToken) req.getAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE);
            res.setContentType("application/json");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Cache-Control", "no-store"); // a user's data: no cache may keep it
            res.getOutputStream().write(DemoPages.me(token).getBytes(StandardCharsets.UTF_8));
        }
    }

    static final class Landing extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String page;

        Landing(String issuer, String serving) {
            this.page = DemoPages.landingPage(issuer, serving);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
            res.setContentType("text/html");
            res.setCharacterEncoding("UTF-8");
            res.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        }
    }
}
