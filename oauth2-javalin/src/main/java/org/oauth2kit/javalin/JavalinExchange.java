package org.oauth2kit.javalin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;
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
        Request.Builder builder = Request.builder(ctx.req().getMethod(), path).rawQuery(ctx.queryString());
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            for (String value : Collections.list(ctx.req().getHeaders(name))) {
                builder.header(name, value);
            }
        }
        return builder.body(body, maxBodyBytes).build();
    }

    /** Copies status, every header value in order, and the body. */
    static void respond(Context ctx, Response response) {
        ctx.status(response.status());
        ctx.res().setContentType(null); // Javalin's default type, when the Provider sets none (a redirect)
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            for (String value : header.getValue()) {
                if (header.getKey().equalsIgnoreCase("Content-Type")) {
                    // through Javalin, so its default content type does not replace ours
                    ctx.contentType(value);
                } else {
                    ctx.res().addHeader(header.getKey(), value);
                }
            }
        }
        ctx.result(response.bodyBytes());
    }
}
