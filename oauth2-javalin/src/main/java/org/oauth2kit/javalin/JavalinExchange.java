package org.oauth2kit.javalin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The translation both ways: one method in, one method out. Nothing else belongs here. */
final class JavalinExchange {
    private JavalinExchange() {
    }

    /**
     * The raw parts of the request: the core decodes the query and body itself, so Javalin's
     * parsed parameters are never consulted.
     *
     * @param path the Provider path this request is for, i.e. the path below the mount point
     * @param body the raw body, read up to {@code maxBodyBytes}; null for none
     */
    static Request request(Context ctx, String path, InputStream body, int maxBodyBytes) throws IOException {
        HttpServletRequest req = ctx.req();
        Request.Builder builder = Request.builder(req.getMethod(), path).rawQuery(ctx.queryString());
        for (Enumeration<String> names = req.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            for (Enumeration<String> values = req.getHeaders(name); values.hasMoreElements();) {
                builder.header(name, values.nextElement());
            }
        }
        return builder.body(body, req.getContentLengthLong(), maxBodyBytes).build();
    }

    /** Copies status, every header value in order, and the body. */
    static void respond(Context ctx, Response response) {
        ctx.status(response.status());
        boolean typed = false;
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) {
                if (header.getKey().equalsIgnoreCase("Content-Type")) {
                    // through Javalin, so its default content type does not replace ours
                    ctx.contentType(value);
                    typed = true;
                } else {
                    ctx.res().addHeader(header.getKey(), value);
                }
            }
        }
        if (!typed) {
            ctx.res().setContentType(null); // not Javalin's default type when the Provider sets none (a redirect)
        }
        ctx.result(response.bodyBytes());
    }
}
