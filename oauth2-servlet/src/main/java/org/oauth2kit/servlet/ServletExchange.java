package org.oauth2kit.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
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
        Request.Builder b = Request.builder(req.getMethod(), path).rawQuery(req.getQueryString());
        for (String name : Collections.list(req.getHeaderNames())) {
            for (String value : Collections.list(req.getHeaders(name))) {
                b.header(name, value);
            }
        }
        if (maxBodyBytes > 0) {
            if (req.getContentLengthLong() > maxBodyBytes) {
                b.bodyTooLarge(); // declared too large: not worth reading
            } else {
                b.body(req.getInputStream(), maxBodyBytes);
            }
        }
        return b.build();
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
