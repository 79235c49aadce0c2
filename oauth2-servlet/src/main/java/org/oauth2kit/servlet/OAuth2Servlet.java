package org.oauth2kit.servlet;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.oauth2kit.Provider;
import org.oauth2kit.web.Response;

/**
 * Serves a {@link Provider} under the servlet's mapping: map it to {@code /oauth/*} and the
 * token endpoint is {@code /oauth/token}. Every method and every path below the mapping goes to
 * {@link Provider#dispatchAsync}, whose response is copied back unchanged. Register it with async
 * support ({@code setAsyncSupported(true)}, {@code <async-supported>}) so that a token request
 * whose store writes tokens asynchronously (the JDBC store) does not hold a thread meanwhile;
 * without it, the thread waits.
 *
 * <p>The Provider is given to the constructor (programmatic registration), or, with the no-argument
 * constructor (web.xml), read at {@link #init()} from the ServletContext attribute named by the
 * init parameter {@value #PROVIDER_ATTRIBUTE_PARAMETER}, by default {@value #PROVIDER_ATTRIBUTE}.
 */
public final class OAuth2Servlet extends HttpServlet {
    /** The default ServletContext attribute holding the {@link Provider}. */
    public static final String PROVIDER_ATTRIBUTE = "org.oauth2kit.Provider";
    /** Init parameter (of the servlet or the filter) naming another context attribute. */
    public static final String PROVIDER_ATTRIBUTE_PARAMETER = "provider-attribute";
    /** The key of the {@link HttpServletRequest} in the environ map a SiteAdapter receives (e.g. for sessions). */
    public static final String ENVIRON_REQUEST = "jakarta.servlet.http.HttpServletRequest";
    /** The key of the {@link HttpServletResponse} in the environ map. */
    public static final String ENVIRON_RESPONSE = "jakarta.servlet.http.HttpServletResponse";

    private transient Provider provider;

    /** For web.xml: the Provider is looked up in the ServletContext at {@link #init()}. */
    public OAuth2Servlet() {
    }

    public OAuth2Servlet(Provider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    @Override
    public void init() throws ServletException {
        if (provider == null) {
            provider = ServletExchange.lookup(getServletContext(), getInitParameter(PROVIDER_ATTRIBUTE_PARAMETER));
        }
    }

    /** Every method, not only the ones {@code HttpServlet} knows: the Provider answers wrong ones itself. */
    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        // Below a prefix mapping (/oauth/*) the endpoint is the path info; for an exact or default
        // mapping it is the servlet path.
        String path = req.getPathInfo() != null ? req.getPathInfo() : req.getServletPath();
        // RFC 8414 §3.1: the metadata of an issuer with a path lives at the host's root; a mapping
        // of that exact path (or "/*" at the root) brings it here, whatever the other mappings.
        String fromRoot = req.getRequestURI().substring(req.getContextPath().length());
        if (provider.rootPaths().contains(fromRoot)) {
            path = fromRoot;
        }
        Map<String, Object> environ = new HashMap<>(4);
        environ.put(ENVIRON_REQUEST, req);
        environ.put(ENVIRON_RESPONSE, res);
        CompletableFuture<Response> answer = provider.dispatchAsync(
                ServletExchange.request(req, path, provider.maxBodyBytes()), environ).toCompletableFuture();
        if (answer.isDone() || !req.isAsyncSupported()) {
            // without async support (a filter in front that lacks it) the thread waits for the store
            ServletExchange.send(answer.join(), req, res);
            return;
        }
        // a token still being stored: the request waits without holding a thread (Servlet §2.3.3.3)
        AsyncContext async = req.startAsync();
        async.setTimeout(0); // the store bounds its own time; a container timeout would answer 500
        // The answer is copied out on the container's threads (AsyncContext.start), never on the
        // thread that completed the save: that is the store's (a JDBC writer, a Redis I/O thread),
        // and a client slow to read must not stall every save behind it.
        answer.thenAccept(response -> async.start(() -> {
            try {
                ServletExchange.send(response, req, res);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "could not send a token response: " + e);
            } finally {
                async.complete();
            }
        }));
    }

    private static final System.Logger LOG = System.getLogger("org.oauth2kit.servlet");
}
