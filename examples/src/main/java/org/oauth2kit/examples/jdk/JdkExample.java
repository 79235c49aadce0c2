package org.oauth2kit.examples.jdk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.oauth2kit.Provider;
import org.oauth2kit.examples.DemoConfig;
import org.oauth2kit.examples.DemoPages;
import org.oauth2kit.examples.DemoServer;

/**
 * The demo on the JDK's built-in HTTP server, no dependency at all: {@link OAuth2Handler} serves
 * every OAuth endpoint at the root, {@link BearerTokenHandler} guards {@code /api/me}.
 */
public final class JdkExample {
    private JdkExample() {
    }

    public static void main(String[] args) throws Exception {
        Provider provider = DemoConfig.memoryProvider("http://localhost:8080");
        start(provider, "127.0.0.1", 8080, "the JDK HttpServer, memory store");
        System.out.println("Serving " + provider.issuer());
    }

    public static DemoServer start(Provider provider, String host, int port, String serving) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        // the default executor is the single dispatcher thread: one slow request would stall all
        ExecutorService workers = Executors.newFixedThreadPool(32);
        server.setExecutor(workers);

        OAuth2Handler oauth = new OAuth2Handler(provider);
        byte[] landing = DemoPages.landingPage(provider.issuer(), serving).getBytes(StandardCharsets.UTF_8);
        // the context "/" receives every path no longer context matches: the landing page, and the
        // Provider's endpoints (which answer 404 for anything they do not know)
        server.createContext("/", exchange -> {
            if ("/".equals(exchange.getRequestURI().getRawPath()) && "GET".equals(exchange.getRequestMethod())) {
                send(exchange, 200, "text/html;charset=UTF-8", landing);
            } else {
                oauth.handle(exchange);
            }
        });
        server.createContext("/api/me", new BearerTokenHandler(provider,
                (exchange, token) -> send(exchange, 200, "application/json",
                        DemoPages.me(token).getBytes(StandardCharsets.UTF_8)),
                "read"));
        server.start();

        int actualPort = server.getAddress().getPort();
        return new DemoServer() {
            @Override
            public int port() {
                return actualPort;
            }

            @Override
            public void close() {
                server.stop(0);
                workers.shutdownNow();
            }
        };
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
