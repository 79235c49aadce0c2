package org.oauth2kit.servlet;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.oauth2kit.Provider;

/**
 * Serves a {@link Provider} under the servlet's mapping: map it to {@code /oauth/*} and the
 * token endpoint is {@code /oauth/token}. Every method and every path below the mapping goes to
 * {@link Provider#dispatch}, whose response is copied back unchanged.
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
        ServletExchange.send(provider.dispatch(ServletExchange.request(req, path, provider.maxBodyBytes()), environ),
                req, res);
    }
}
