package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oauth2kit.Provider;

/**
 * The HTTP contract: what every web adapter must do over the wire. An adapter module extends it
 * with a few lines that start its framework's <strong>real server on port 0</strong>, serving the
 * given Provider at a base URI and a protected resource; the suite sends real HTTP requests
 * ({@link java.net.http.HttpClient}, HTTP/1.1, redirects not followed, plus a raw socket for
 * request targets HttpClient refuses to send) through every endpoint and the error paths of
 * R1-R37 that are visible over HTTP.
 *
 * <p>The subclass serves:
 * <ul>
 * <li>every path of {@link Provider#paths()} through the adapter, at {@code base + path}, for
 *     <em>every</em> HTTP method (the Provider answers wrong methods itself with 405 and
 *     {@code Allow}), with the raw query string, every header value, and the body read raw up to
 *     {@link Provider#maxBodyBytes()};</li>
 * <li>{@code GET base + "/api/me"} protected by the adapter's bearer-token idiom with required scope
 *     {@code read}, answering 200 {@code application/json} {@code {"sub":"<sub>","client_id":"<id>"}}
 *     from the validated token (sub may be absent for client-credentials tokens);</li>
 * <li>{@code GET base + "/api/write"} protected the same way with required scope {@code write},
 *     answering 200 with any body.</li>
 * </ul>
 * Every response the Provider produces (status, every header value, body) must reach the client
 * unchanged, refusals of the bearer-token idiom included.
 *
 * <p>The stores from {@link #createStores} reach {@link #createProvider} wrapped in a
 * {@link FailingStores}, so the suite can take them down (R36); {@link Stores#rawDump()} is kept.
 *
 * <p>This class holds the fixture and the helpers; the tests are grouped by area, one
 * {@link Nested} class per area at the end of this class. Each of them runs the tests of an
 * interface of this package whose default methods take the running contract as their parameter
 * ({@code HttpCodeGrantTests}, {@code HttpTokenEndpointTests} and so on), so that every area is a
 * file of its own.
 */
public abstract class HttpContract {
    /** Hands the areas' tests their parameters; inherited by every subclass and nested class. */
    @RegisterExtension
    static final ContractParameters PARAMETERS = new ContractParameters();

    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** RFC 7636 Appendix B. */
    protected static final String VERIFIER = Dispatcher.VERIFIER;
    protected static final String CHALLENGE = Dispatcher.CHALLENGE;
    protected static final String STATE = "xyz/ABC+123 =&?";

    protected MutableClock clock;
    protected Stores stores;
    protected Provider provider;
    protected URI base;
    /** Wraps the subclass's stores so that tests can take them down and bring them back (R36). */
    protected FailingStores outage;

    /** Real stores for the Provider (the memory store is fine). */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    /**
     * Starts the framework's real server on port 0 serving {@code provider} and the protected
     * resources described above.
     *
     * @return the base URI, without a trailing slash, e.g. {@code http://127.0.0.1:43121}
     */
    protected abstract URI startServer(Provider provider) throws Exception;

    protected abstract void stopServer() throws Exception;

    /**
     * Whether the framework hands a request line with malformed percent-encoding ({@code %zz}) to
     * the adapter at all. Frameworks that keep the request URI as a {@code java.net.URI} (JAX-RS)
     * refuse it themselves with a plain 400; they return false, and the suite then checks only that
     * the refusal is a 400 without a redirect or a stack trace. (The JDK's own HTTP server answers
     * with the fixed text "URISyntaxException thrown" before any handler runs: no adapter can
     * change that page.)
     */
    protected boolean deliversMalformedRequestTargets() {
        return true;
    }

    /**
     * Whether malformed parameters (bad percent-encoding, bytes that are not UTF-8, in the query or
     * a form body) reach the adapter at all. A servlet container behind a filter that reads the
     * parameters first (Spring Security's do) refuses them itself with its own 400 page before the
     * adapter runs; such a setup returns false, and the suite then checks only what no adapter can
     * change there: 400, no redirect, no stack trace.
     */
    protected boolean malformedParametersReachAdapter() {
        return true;
    }

    /** A 400 from the server itself, when the adapter never saw the request: no redirect, no internals. */
    protected static void assertRefusedByServer(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * Whether the adapter, as the subclass mounts it, can serve paths from the root of the host
     * (RFC 8414's metadata location of an issuer with a path). A servlet in a context other than
     * the root cannot: such a subclass returns false, and the suite then checks the metadata at the
     * mount point instead.
     */
    protected boolean servesHostRoot() {
        return true;
    }

    /** The Provider the suite runs against; override to change options. */
    protected Provider createProvider(MutableClock clock, Stores stores) {
        return ContractFixture.provider(stores.tokens(), stores.codes(), clock);
    }

    @BeforeEach
    void startUnderTest() throws Exception {
        clock = new MutableClock();
        Stores real = createStores(clock);
        outage = new FailingStores(real);
        stores = new Stores(outage, outage, real.rawDump());
        start(createProvider(clock, stores));
    }

    @AfterEach
    void stopUnderTest() throws Exception {
        stopServer();
    }

    private void start(Provider serving) throws Exception {
        provider = serving;
        String s = startServer(provider).toString();
        base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** Serves the fixture's Provider with changed options instead, on the same stores and clock. */
    void restartWith(Consumer<Provider.Builder> options) throws Exception {
        stopServer();
        start(ContractFixture.provider(stores.tokens(), stores.codes(), clock, options));
    }

    /** {@code path} from the root of the host rather than below the adapter's mount point. */
    HttpResponse<String> getFromHostRoot(String path) throws Exception {
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    // ---- helpers for tests ----

    /** {@code k=v&k=v}, encoded as {@link Dispatcher#form} encodes it. */
    protected static String form(Map<String, String> params) {
        List<String> kv = new ArrayList<>();
        params.forEach((k, v) -> {
            kv.add(k);
            kv.add(v);
        });
        return Dispatcher.form(kv.toArray(String[]::new));
    }

    protected static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    protected static String basic(String id, String secret) {
        return Dispatcher.basic(id, secret);
    }

    /** Sends any method with an optional body (null: none) and headers (name, value, ...). */
    protected HttpResponse<String> send(String method, String pathAndQuery, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** POSTs a raw body with a content type and optional extra headers (name, value, ...). */
    protected HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws Exception {
        return postBytes(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** POSTs raw bytes, e.g. a body that is not UTF-8. */
    protected HttpResponse<String> postBytes(String path, String contentType, byte[] body, String... headers)
            throws Exception {
        List<String> all = new ArrayList<>(List.of(headers));
        if (contentType != null) {
            all.add("Content-Type");
            all.add(contentType);
        }
        return send("POST", path, body, all.toArray(String[]::new));
    }

    protected HttpResponse<String> postForm(String path, String body, String... headers) throws Exception {
        return post(path, "application/x-www-form-urlencoded", body, headers);
    }

    protected HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        return send("GET", pathAndQuery, null, headers);
    }

    /** A client_credentials token for {@code abc}. */
    protected String clientCredentialsToken(String scope) throws Exception {
        HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials", "scope", scope)),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonFields.string(r.body(), "access_token");
    }

    /** A password-grant token response for {@code abc} (access and refresh token). */
    protected HttpResponse<String> passwordTokens(String scope) throws Exception {
        Map<String, String> p = params("grant_type", "password", "username", ContractSiteAdapter.USERNAME,
                "password", ContractSiteAdapter.PASSWORD);
        if (scope != null) {
            p.put("scope", scope);
        }
        HttpResponse<String> r = postForm("/token", form(p),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    /** The query of an authorization request for {@code abc} with PKCE (S256) and {@link #STATE}. */
    protected static Map<String, String> codeRequest() {
        return params("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                ContractFixture.REDIRECT_URI, "scope", "read write", "state", STATE, "code_challenge", CHALLENGE,
                "code_challenge_method", "S256");
    }

    /** {@link #codeRequest()} for the implicit grant: {@code response_type=token}, no PKCE. */
    static Map<String, String> implicitRequest() {
        Map<String, String> request = codeRequest();
        request.put("response_type", "token");
        request.remove("code_challenge");
        request.remove("code_challenge_method");
        return request;
    }

    /** The user signs in and allows: POST to the authorization endpoint with the request in the query. */
    protected HttpResponse<String> approve(Map<String, String> request) throws Exception {
        return postForm("/authorize?" + form(request), form(params("username", ContractSiteAdapter.USERNAME,
                "password", ContractSiteAdapter.PASSWORD, "consent", "allow")));
    }

    /** An authorization code for {@code request}, after the user approved. */
    protected String code(Map<String, String> request) throws Exception {
        HttpResponse<String> r = approve(request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        Map<String, String> q = redirectParams(r, false);
        assertThat(q).as(location(r)).containsKey("code");
        return q.get("code");
    }

    protected HttpResponse<String> redeem(String code, String... extra) throws Exception {
        Map<String, String> p = params("grant_type", "authorization_code", "code", code, "redirect_uri",
                ContractFixture.REDIRECT_URI, "code_verifier", VERIFIER);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                p.remove(extra[i]);
            } else {
                p.put(extra[i], extra[i + 1]);
            }
        }
        return postForm("/token", form(p),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
    }

    protected static String location(HttpResponse<?> r) {
        return r.headers().firstValue("Location").orElse("");
    }

    /**
     * The parameters of a redirect, from the query or the fragment; asserts that the redirect goes
     * to the registered URI, that the other part carries no parameters and that no parameter is
     * repeated.
     */
    protected static Map<String, String> redirectParams(HttpResponse<?> r, boolean fragment) {
        String location = location(r);
        assertThat(location).startsWith(ContractFixture.REDIRECT_URI);
        URI uri = URI.create(location);
        String part = fragment ? uri.getRawFragment() : uri.getRawQuery();
        String other = fragment ? uri.getRawQuery() : uri.getRawFragment();
        assertThat(other).as("the %s of %s", fragment ? "query" : "fragment", location).isNull();
        assertThat(part).as(location).isNotNull();
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : Wire.pairs(part)) {
            assertThat(m).as("repeated %s in %s", pair.getKey(), location).doesNotContainKey(pair.getKey());
            m.put(pair.getKey(), pair.getValue());
        }
        return m;
    }

    protected static void assertJsonError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(JsonFields.string(r.body(), "error")).as(r.body()).isEqualTo(error);
        assertNoInternals(r);
    }

    /** R35: no stack trace, no exception class names in a body. */
    protected static void assertNoInternals(HttpResponse<String> r) {
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.");
    }

    /** A 400 page for the user, never a redirect (R6). */
    protected static void assertErrorPage(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).doesNotContain(ContractFixture.REDIRECT_URI);
        assertNoInternals(r);
    }

    protected static String s256(String verifier) throws Exception {
        return Sha256.of(verifier);
    }

    protected static String authorizationHeader(String token) {
        return "Bearer " + token;
    }

    /**
     * Sends one request over a plain socket, for what {@link HttpClient} refuses to send (a query
     * with bad percent-encoding or raw bytes that are not UTF-8). Returns status and body.
     *
     * @param target the request target as raw bytes, e.g. {@code /authorize?a=%zz}
     */
    protected RawResponse raw(String method, byte[] target, String... headers) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((method + " " + mountPath()).getBytes(StandardCharsets.US_ASCII));
        out.write(target);
        StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':')
                .append(base.getPort()).append("\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        return exchange(out.toByteArray());
    }

    /**
     * Sends a whole request as raw bytes (request line, headers, body) over a plain socket, for what
     * {@link HttpClient} will not send, e.g. a malformed chunked body. Status 0: the server closed
     * the connection without an answer.
     *
     * @param head the request line and headers; {@code {base}} stands for the mount point's path
     */
    protected RawResponse rawExchange(String head, byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head.replace("{base}", mountPath()).getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        return exchange(out.toByteArray());
    }

    private String mountPath() {
        return base.getRawPath() == null ? "" : base.getRawPath();
    }

    private RawResponse exchange(byte[] request) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            String response;
            try {
                response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.SocketException reset) {
                response = "";
            }
            if (response.length() < 12) {
                return new RawResponse(0, response, "");
            }
            int space = response.indexOf(' ');
            int status = Integer.parseInt(response.substring(space + 1, space + 4));
            int split = response.indexOf("\r\n\r\n");
            return new RawResponse(status, response.substring(0, Math.max(split, 0)),
                    split < 0 ? "" : response.substring(split + 4));
        }
    }

    /** Status line code, header block and body (possibly chunk-encoded) of a {@link #raw} exchange. */
    protected record RawResponse(int status, String head, String body) {
    }

    /** Sends {@code n} copies of one form POST at once (see {@link Races#all}); returns every response. */
    protected List<HttpResponse<String>> concurrently(int n, String path, String body, String... headers)
            throws Exception {
        return Races.all(n, () -> postForm(path, body, headers));
    }

    // ---- the contract, area by area ----

    @Nested
    @DisplayName("Authorization code grant with PKCE")
    class CodeGrant implements HttpCodeGrantTests {
    }

    @Nested
    @DisplayName("Authorization endpoint errors")
    class AuthorizationErrors implements HttpAuthorizationErrorTests {
    }

    @Nested
    @DisplayName("Authorization responses and pages")
    class AuthorizationResponses implements HttpAuthorizationResponseTests {
    }

    @Nested
    @DisplayName("Implicit grant")
    class Implicit implements HttpImplicitTests {
    }

    @Nested
    @DisplayName("Token endpoint")
    class TokenRequests implements HttpTokenEndpointTests {
    }

    @Nested
    @DisplayName("Client authentication")
    class ClientAuthenticationMethods implements HttpClientAuthenticationTests {
    }

    @Nested
    @DisplayName("Refresh tokens")
    class Refresh implements HttpRefreshTests {
    }

    @Nested
    @DisplayName("Revocation and introspection")
    class RevocationAndIntrospection implements HttpRevocationTests {
    }

    @Nested
    @DisplayName("Metadata")
    class Metadata implements HttpMetadataTests {
    }

    @Nested
    @DisplayName("Protected resource")
    class RequireScopes implements HttpBearerTests {
    }

    @Nested
    @DisplayName("Limits and odd input")
    class OddInput implements HttpOddInputTests {
    }

    @Nested
    @DisplayName("What passes through the adapter")
    class PassThrough implements HttpPassThroughTests {
    }
}
