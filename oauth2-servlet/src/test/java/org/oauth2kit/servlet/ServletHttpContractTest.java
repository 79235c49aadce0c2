package org.oauth2kit.servlet;

import java.net.URI;
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
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.HttpContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The HTTP contract on embedded Jetty 12, the servlet at {@code /*}, the filter on {@code /api/*}. */
class ServletHttpContractTest extends HttpContract {
    private Server server;

    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected URI startServer(Provider provider) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        addFilters(context);
        ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
        oauth.setAsyncSupported(true); // a token request waits for its store without holding a thread
        context.addServlet(oauth, "/*");
        context.addServlet(new ServletHolder(new Me()), "/api/me");
        context.addServlet(new ServletHolder(new Me()), "/api/write");
        context.addFilter(new FilterHolder(new BearerTokenFilter(provider, "read")), "/api/me",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new BearerTokenFilter(provider, "write")), "/api/write",
                EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Filters in front of everything, as an application's security framework adds them. */
    protected void addFilters(ServletContextHandler context) {
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }

    /** The protected resource: who the token speaks for. */
    static final class Me extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse res) throws java.io.IOException {
            AccessToken token = (AccessToken) req.getAttribute(BearerTokenFilter.ACCESS_TOKEN_ATTRIBUTE);
            String sub = token.subject() == null ? "" : "\"sub\":\"" + token.subject() + "\",";
            res.setContentType("application/json");
            res.getOutputStream().write(("{" + sub + "\"client_id\":\"" + token.clientId() + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
