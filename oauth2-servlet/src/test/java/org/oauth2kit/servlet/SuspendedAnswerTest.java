package org.oauth2kit.servlet;

import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.SuspendedAnswerContract;

/** The servlet, registered with async support, behind a filter that notes the thread of every write. */
class SuspendedAnswerTest extends SuspendedAnswerContract {
    private Server server;

    @Override
    protected URI startServer(Provider provider) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        FilterHolder noting = new FilterHolder(new NotingFilter());
        noting.setAsyncSupported(true);
        context.addFilter(noting, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
        oauth.setAsyncSupported(true);
        context.addServlet(oauth, "/*");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    protected void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** Notes the thread of every write to the response body, and when the request thread leaves. */
    private final class NotingFilter implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            Runnable leaving = requestEntered();
            try {
                chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) res) {
                    @Override
                    public ServletOutputStream getOutputStream() throws IOException {
                        return new NotingStream(super.getOutputStream());
                    }
                });
            } finally {
                leaving.run();
            }
        }
    }

    private final class NotingStream extends ServletOutputStream {
        private final ServletOutputStream out;

        NotingStream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            writing();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
