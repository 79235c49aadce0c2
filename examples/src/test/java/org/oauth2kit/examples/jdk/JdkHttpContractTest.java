package org.oauth2kit.examples.jdk;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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
        server = JdkExample.newServer(new InetSocketAddress("127.0.0.1", 0));
        workers = (ExecutorService) server.getExecutor();
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

    @Test
    @DisplayName("R47 forty clients holding request bodies open do not stop the server from answering others")
    void slowClients() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream().write(("POST /token HTTP/1.1\r\nHost: " + base.getHost()
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
                        + "grant_type=").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            java.net.http.HttpResponse<String> metadata = get(provider.metadataPath());
            org.assertj.core.api.Assertions.assertThat(metadata.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
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
