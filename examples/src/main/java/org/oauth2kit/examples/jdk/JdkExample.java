package org.oauth2kit.examples.jdk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
        HttpServer server = newServer(new InetSocketAddress(host, port));
        ExecutorService workers = (ExecutorService) server.getExecutor();

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

    /**
     * An {@link HttpServer} fit to face the network. The JDK's defaults are not: its executor is
     * the single dispatcher thread, and a request body that never arrives blocks a worker forever,
     * so a handful of slow clients stop every answer. Here:
     * <ul>
     * <li>workers grow with demand (16 kept, at most 256); beyond that, new connections are closed
     *     rather than queued behind stuck ones;</li>
     * <li>a request must arrive whole within {@code sun.net.httpserver.maxReqTime} seconds (30 unless
     *     set), after which the server closes the connection and frees its worker.</li>
     * </ul>
     */
    public static HttpServer newServer(InetSocketAddress address) throws IOException {
        // Read by the JDK once, when its server classes load: set before the first server is made.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "30");
        }
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(16, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread t = new Thread(task, "oauth2-http-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(workers);
        return server;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            // the landing page and a user's data alike: no cache may keep them
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
