package org.oauth2kit.micronaut;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The whole translation between Micronaut and the core: one way in, one way out. */
final class MicronautExchange {
    private MicronautExchange() {
    }

    /** Method, path below the mount point, undecoded query and every header value; no body. */
    static Request.Builder request(HttpRequest<?> request, String path) {
        Request.Builder b = Request.builder(request.getMethodName(), path).rawQuery(request.getUri().getRawQuery());
        request.getHeaders().forEach((name, values) -> values.forEach(value -> b.header(name, value)));
        return b;
    }

    /** Status, every header value in order, and the body as bytes, so no codec reinterprets it. */
    static MutableHttpResponse<byte[]> response(Response response) {
        MutableHttpResponse<byte[]> out = HttpResponse.status(response.status(), null);
        response.headers().forEach((name, values) -> values.forEach(value -> out.getHeaders().add(name, value)));
        return out.body(response.bodyBytes());
    }

    /** {@code oauth2kit.path} as a prefix: empty for the root, else {@code /x} without a trailing slash. */
    static String mountPoint(String configured) {
        String p = configured == null ? "" : configured.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }
}
