package org.oauth2kit.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The JAX-RS request and response as the Provider's {@link Request} and {@link Response}, both ways. */
final class JaxrsExchange {
    private JaxrsExchange() {
    }

    /** Method, path, undecoded query and every header value of the request; the body is the caller's choice. */
    static Request.Builder request(ContainerRequestContext context, String path) {
        Request.Builder request = Request.builder(context.getMethod(), path)
                .rawQuery(context.getUriInfo().getRequestUri().getRawQuery());
        context.getHeaders().forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        return request;
    }

    /** Status, every header value in order, and the body, as they are. */
    static jakarta.ws.rs.core.Response response(Response response) {
        jakarta.ws.rs.core.Response.ResponseBuilder out = jakarta.ws.rs.core.Response.status(response.status());
        response.headers().forEach((name, values) -> values.forEach(value -> out.header(name, value)));
        byte[] body = response.bodyBytes();
        if (body.length > 0) {
            out.entity(body);
        }
        return out.build();
    }
}
