package org.oauth2kit.examples.jdk;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.oauth2kit.AccessToken;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.HttpContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/**
 * The HTTP contract on the JDK HttpServer adapter of docs/writing-an-adapter.md: the Provider at
 * the context {@code /}, {@code /api/me} and {@code /api/write} behind {@link BearerTokenHandler}.
 */
class JdkHttpContractTest extends HttpContract {
    private HttpServer server;
    private ExecutorService workers;

    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected URI startServer(Provider provider) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        workers = Executors.newFixedThreadPool(16);
        server.setExecutor(workers);
        server.createContext("/", new OAuth2Handler(provider));
        server.createContext("/api/me", new BearerTokenHandler(provider, JdkHttpContractTest::me, "read"));
        server.createContext("/api/write", new BearerTokenHandler(provider, JdkHttpContractTest::me, "write"));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * The JDK server parses the request target with {@code java.net.URI} before any handler runs
     * and answers a malformed one ({@code %zz}) with its own 400 page ("URISyntaxException
     * thrown"): no adapter can change that.
     */
    @Override
    protected boolean deliversMalformedRequestTargets() {
        return false;
    }

    @Override
    protected void stopServer() {
        server.stop(0);
        workers.shutdownNow();
    }

    private static void me(HttpExchange exchange, AccessToken token) throws java.io.IOException {
        String sub = token.subject() == null ? "" : "\"sub\":\"" + token.subject() + "\",";
        byte[] body = ("{" + sub + "\"client_id\":\"" + token.clientId() + "\"}").getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
