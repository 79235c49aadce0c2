package org.oauth2kit.servlet;

import java.net.URI;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.HttpContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/**
 * The HTTP contract as a web.xml deployment sees it: no-argument servlet and filters that find
 * the Provider in a ServletContext attribute named by an init parameter, scopes from init
 * parameters, a context path ({@code /app}) and a prefix mapping ({@code /oauth/*}).
 */
class ServletContextAttributeContractTest extends HttpContract {
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
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.setAttribute("example.oauth2.provider", provider);
        ServletHolder servlet = new ServletHolder(OAuth2Servlet.class);
        servlet.setInitParameter(OAuth2Servlet.PROVIDER_ATTRIBUTE_PARAMETER, "example.oauth2.provider");
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/oauth/*");
        context.addServlet(new ServletHolder(new ServletHttpContractTest.Me()), "/oauth/api/me");
        context.addServlet(new ServletHolder(new ServletHttpContractTest.Me()), "/oauth/api/write");
        addFilter(context, "/oauth/api/me", "read");
        addFilter(context, "/oauth/api/write", "write");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/oauth");
    }

    private static void addFilter(ServletContextHandler context, String path, String scopes) {
        FilterHolder filter = new FilterHolder(BearerTokenFilter.class);
        filter.setInitParameter(OAuth2Servlet.PROVIDER_ATTRIBUTE_PARAMETER, "example.oauth2.provider");
        filter.setInitParameter(BearerTokenFilter.SCOPES_PARAMETER, scopes);
        context.addFilter(filter, path, EnumSet.of(DispatcherType.REQUEST));
    }

    /** In the context /app, no path from the root of the host reaches this servlet. */
    @Override
    protected boolean servesHostRoot() {
        return false;
    }

    @Override
    protected void stopServer() throws Exception {
        server.stop();
    }
}
