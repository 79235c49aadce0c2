package org.oauth2kit.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * One server process of a multi-node deployment, for {@link MultiNodeContract}: its own Provider
 * behind its own HTTP server (the JDK's) on its own port, sharing nothing with the other nodes but
 * the stores. Also serves {@code GET /api/me} (scope {@code read}) through the Provider's bearer
 * validation, answering the token's client id.
 */
final class Node implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(16);

    Node(Provider provider) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(workers);
        server.createContext("/", exchange -> send(exchange, provider.dispatch(request(exchange, provider), Map.of())));
        server.createContext("/api/me", exchange -> {
            var result = provider.validateBearer(request(exchange, null), "read");
            send(exchange, result.accessToken()
                    .map(t -> Response.json(200, "{\"client_id\":\"" + t.clientId() + "\"}"))
                    .orElseGet(() -> result.rejection().orElseThrow()));
        });
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Request request(HttpExchange exchange, Provider bodyFor) throws IOException {
        Request.Builder b = Request.builder(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath())
                .rawQuery(exchange.getRequestURI().getRawQuery());
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            header.getValue().forEach(value -> b.header(header.getKey(), value));
        }
        if (bodyFor != null) {
            b.body(exchange.getRequestBody(), bodyFor.maxBodyBytes());
        }
        return b.build();
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            response.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
            byte[] body = response.bodyBytes();
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
