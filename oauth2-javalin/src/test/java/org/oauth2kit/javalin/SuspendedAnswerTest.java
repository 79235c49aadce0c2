package org.oauth2kit.javalin;

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

import io.javalin.Javalin;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.SuspendedAnswerContract;

/**
 * The plugin behind a servlet filter, added to Javalin's Jetty context, that notes the thread of
 * every write (Javalin completes the future on whichever thread completed it, then writes).
 */
class SuspendedAnswerTest extends SuspendedAnswerContract {
    private Javalin app;

    @Override
    protected URI startServer(Provider provider) {
        FilterHolder noting = new FilterHolder(new NotingFilter());
        noting.setAsyncSupported(true);
        app = Javalin.create(config -> {
            config.registerPlugin(new OAuth2Plugin(provider));
            config.jetty.modifyServletContextHandler(
                    handler -> handler.addFilter(noting, "/*", EnumSet.of(DispatcherType.REQUEST)));
        }).start("127.0.0.1", 0);
        return URI.create("http://127.0.0.1:" + app.port());
    }

    @Override
    protected void stopServer() {
        if (app != null) {
            app.stop();
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
