package org.oauth2kit.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that serves fixed documents and counts the requests for each
 * path: what the Provider fetches (Client ID Metadata Documents) in tests.
 */
public final class DocumentServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public DocumentServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Answers GET {@code path} with this status, content type and body, after {@code delayMillis};
     * a 3xx carries {@code Location: location}.
     */
    public DocumentServer serve(String path, int status, String contentType, String body, long delayMillis,
            String location) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            reply(exchange, status, contentType, body);
        });
        return this;
    }

    public DocumentServer serve(String path, int status, String contentType, String body) {
        return serve(path, status, contentType, body, 0, null);
    }

    /** How many requests came for {@code path}. */
    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client gave up first (a time limit under test): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
