package org.oauth2kit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.oauth2kit.Provider;
import org.oauth2kit.store.memory.MemoryTokenStore;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.MutableClock;

/**
 * Generated hostile requests over real HTTP through the servlet adapter on Jetty (R12, R35):
 * random, truncated and repeated parameters, broken percent-encoding in query and body, bytes
 * that are not UTF-8, huge values, malformed Authorization headers, wrong content types and
 * methods. Each request is well-formed HTTP, so it reaches the Provider; the answer must never be
 * a 5xx or show internals, and the token, revocation and introspection endpoints always answer
 * with a JSON OAuth error. Case count: {@code jqwik.tries.default} (a few thousand; 100 000 with
 * {@code -Pfuzz-long}).
 */
class ServletHttpFuzzTest {
    private static Server server;
    private static int port;

    @BeforeContainer
    static void start() throws Exception {
        MemoryTokenStore store = new MemoryTokenStore();
        Provider provider = ContractFixture.provider(store, store, new MutableClock());
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder oauth = new ServletHolder(new OAuth2Servlet(provider));
        oauth.setAsyncSupported(true); // a token request waits for its store without holding a thread
        context.addServlet(oauth, "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterContainer
    static void stop() throws Exception {
        server.stop();
    }

    @Property
    @Label("R35 hostile requests over HTTP: never a 5xx, never internals, always JSON OAuth errors at the token endpoints")
    void hostileRequests(@ForAll("methods") String method, @ForAll("paths") String path, @ForAll("queries") String query,
            @ForAll("contentTypes") String contentType, @ForAll("authorizations") String authorization,
            @ForAll("bodies") byte[] body) throws Exception {
        String target = query.isEmpty() ? path : path + "?" + query;
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\nConnection: close\r\n");
        if (!contentType.isEmpty()) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (!authorization.isEmpty()) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        String response = exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
        int status = Integer.parseInt(response.substring(9, 12));
        String lower = response.toLowerCase(Locale.ROOT);
        int split = response.indexOf("\r\n\r\n");
        String responseBody = split < 0 ? "" : response.substring(split + 4);
        assertThat(status).as("%s %s", method, target).isBetween(200, 499);
        assertThat(responseBody).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.oauth2kit.")
                .doesNotContain("org.eclipse.");
        if (path.equals("/token") || path.equals("/revoke") || path.equals("/introspect")) {
            assertThat(lower).as("%s %s", method, target).contains("content-type: application/json;charset=utf-8");
            assertThat(responseBody.trim()).startsWith("{");
            if (status >= 400) {
                assertThat(responseBody).contains("\"error\":\"");
            }
        }
    }

    private static String exchange(byte[] head, byte[] body) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/token", "/token", "/authorize", "/revoke", "/introspect",
                "/.well-known/oauth-authorization-server", "/nothing");
    }

    /** Printable ASCII without space and '#', so the request line stays valid HTTP. */
    static Arbitrary<String> queryText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').excludeChars('#').ofMaxLength(80),
                Arbitraries.strings().withChars("%&=+;?azAZ09").ofMaxLength(40),
                Arbitraries.of("%", "%zz", "%C3%28", "%FF%FE", "%00", "a=%ED%A0%80", "client_id=abc&client_id=abc",
                        "response_type=code&client_id=abc&state=%G0", "x=" + "A".repeat(6000)));
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> valid = Arbitraries.just("response_type=code&client_id=abc&redirect_uri="
                + Dispatcher.enc(ContractFixture.REDIRECT_URI) + "&code_challenge=" + Dispatcher.CHALLENGE
                + "&code_challenge_method=S256");
        return Arbitraries.oneOf(Arbitraries.just(""), queryText(),
                Combinators.combine(valid, queryText()).as((v, q) -> v + "&" + q));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/json", "text/plain",
                "multipart/form-data; boundary=zz", "application/x-www-form-urlencoded;;;");
    }

    @Provide
    Arbitrary<String> authorizations() {
        String good = Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
        return Arbitraries.oneOf(
                Arbitraries.of("", good, good, "Basic", "Basic !!!", "Bearer abc", "Digest x", "basic " + good.substring(6)),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40).map(s -> "Basic "
                        + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60));
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> pairs = Combinators.combine(
                Arbitraries.of("grant_type", "code", "client_id", "client_secret", "scope", "refresh_token", "token",
                        "username", "password", "redirect_uri", "code_verifier", "x"),
                Arbitraries.oneOf(Arbitraries.of("client_credentials", "authorization_code", "password", "refresh_token",
                        "abc", "xyz", "read", "alice", "wonderland", "%zz", "%C3%28", "%", "A".repeat(5000)),
                        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30)))
                .as((n, v) -> n + "=" + v).list().ofMaxSize(10).map(l -> String.join("&", l));
        return Arbitraries.oneOf(
                pairs.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.just(new byte[70_000]));
    }
}
