package org.oauth2kit.examples.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The two translations: {@link HttpExchange} to {@link Request}, and {@link Response} back. */
final class JdkExchange {
    private JdkExchange() {
    }

    /**
     * The raw parts of the request, nothing decoded: the core decodes the query and the body
     * itself, the same way for every framework.
     *
     * @param path         the path below the mount point, e.g. {@code /token}
     * @param maxBodyBytes the Provider's limit; 0 leaves the body unread (a protected resource reads it)
     */
    static Request request(HttpExchange exchange, String path, int maxBodyBytes) throws IOException {
        Request.Builder b = Request.builder(exchange.getRequestMethod(), path)
                .rawQuery(exchange.getRequestURI().getRawQuery());
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                b.header(header.getKey(), value);
            }
        }
        if (maxBodyBytes > 0) {
            long declared = contentLength(exchange);
            if (declared > (long) maxBodyBytes * 5) {
                // Declared far too large: not worth reading. Up to five times the limit is read and
                // dropped, so that the 413 is not lost to the reset a close with unread bytes causes.
                b.bodyTooLarge();
            } else {
                InputStream in = exchange.getRequestBody();
                b.body(in, maxBodyBytes); // reads at most maxBodyBytes + 1, also for chunked bodies
            }
        }
        return b.build();
    }

    /** Copies status, every header value in order, and the body; then ends the exchange. */
    static void send(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
                for (String value : header.getValue()) {
                    exchange.getResponseHeaders().add(header.getKey(), value);
                }
            }
            byte[] body = response.bodyBytes();
            boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod())
                    || response.status() == 204 || response.status() == 304;
            // -1 announces "no body"; 0 would mean "chunked"
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static long contentLength(HttpExchange exchange) {
        String value = exchange.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1; // the server itself refuses such requests before they get here
        }
    }
}
