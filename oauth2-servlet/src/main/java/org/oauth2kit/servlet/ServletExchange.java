package org.oauth2kit.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The two translations, servlet request to {@link Request} and {@link Response} to servlet response. */
final class ServletExchange {
    private ServletExchange() {
    }

    /**
     * The raw parts of a servlet request. The body is read from the input stream, never through
     * {@code getParameter}, which would decode it leniently and consume it.
     *
     * @param maxBodyBytes the Provider's limit; 0 to leave the body unread for the application
     */
    static Request request(HttpServletRequest req, String path, int maxBodyBytes) throws IOException {
        Request.Builder b = builder(req, path);
        if (maxBodyBytes <= 0) {
            return b.build();
        }
        if (req.getContentLengthLong() > (long) maxBodyBytes * 5) {
            // Declared far too large: not worth reading. A body up to five times the limit is read
            // (and dropped past the limit) by Request.Builder.body, so that the 413 is not lost to
            // the reset a close with unread bytes causes.
            return b.bodyTooLarge().build();
        }
        ServletInputStream in;
        try {
            in = req.getInputStream();
        } catch (IllegalStateException readerUsed) {
            // A filter in front called getReader(): the body is gone, and with it the parameters.
            LOG.log(System.Logger.Level.WARNING, "the request body of " + req.getRequestURI() + " was read by a "
                    + "filter before the OAuth servlet (getReader); the Provider answers invalid_request. "
                    + "Exclude the OAuth endpoints from that filter.");
            return b.bodyUnreadable().build();
        }
        Request request = b.body(in, req.getContentLengthLong(), maxBodyBytes).build();
        if (request.body().length == 0 && !request.bodyTooLarge() && !request.bodyUnreadable() && declaresBody(req)
                && isForm(req)) {
            // A filter in front called getParameter() (Spring Security does): the container parsed
            // the form and consumed the stream. The form is still there, in the parameter map.
            return builder(req, path).body(new java.io.ByteArrayInputStream(formFromParameters(req)), maxBodyBytes)
                    .build();
        }
        return request;
    }

    /** Method, path, raw query and every header value. */
    private static Request.Builder builder(HttpServletRequest req, String path) {
        Request.Builder b = Request.builder(req.getMethod(), path).rawQuery(req.getQueryString());
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements();) {
                b.header(name, values.nextElement());
            }
        }
        return b;
    }

    private static final System.Logger LOG = System.getLogger("org.oauth2kit.servlet");

    private static boolean declaresBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isForm(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /**
     * The form body again, from the container's parameter map: its values for each name come after
     * those of the query string (Servlet specification §3.1), so dropping as many values as the
     * query holds leaves the body's, which are encoded again as a form.
     */
    static byte[] formFromParameters(HttpServletRequest req) {
        Map<String, Integer> inQuery = new java.util.HashMap<>();
        String query = req.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                            java.nio.charset.StandardCharsets.UTF_8);
                    inQuery.merge(name, 1, Integer::sum);
                }
            }
        }
        StringBuilder form = new StringBuilder();
        for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
            String[] values = e.getValue();
            for (int i = inQuery.getOrDefault(e.getKey(), 0); i < values.length; i++) {
                if (form.length() > 0) {
                    form.append('&');
                }
                form.append(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(values[i], java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return form.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static void send(Response response, HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setStatus(response.status());
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) {
                res.addHeader(header.getKey(), value);
            }
        }
        byte[] body = response.bodyBytes();
        res.setContentLength(body.length);
        if (body.length > 0 && !"HEAD".equals(req.getMethod())) {
            try (OutputStream out = res.getOutputStream()) {
                out.write(body);
            }
        }
    }

    /** The Provider stored as a context attribute, for containers configured by web.xml. */
    static Provider lookup(ServletContext context, String attribute) throws ServletException {
        String name = attribute == null || attribute.isBlank() ? OAuth2Servlet.PROVIDER_ATTRIBUTE : attribute.trim();
        if (context.getAttribute(name) instanceof Provider provider) {
            return provider;
        }
        throw new ServletException("no org.oauth2kit.Provider in ServletContext attribute '" + name
                + "': set it (e.g. in a ServletContextListener) before the container initializes this component");
    }
}
