package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
 */
public abstract class HttpContract {
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
        provider = createProvider(clock, stores);
        URI uri = startServer(provider);
        String s = uri.toString();
        base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @AfterEach
    void stopUnderTest() throws Exception {
        stopServer();
    }

    // ---- helpers for tests ----

    protected static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
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
     * to the registered URI and that the other part carries no parameters.
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
        for (String pair : part.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            assertThat(m).as("repeated %s in %s", name, location).doesNotContainKey(name);
            m.put(name, value);
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
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
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
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write((method + " ").getBytes(StandardCharsets.US_ASCII));
            out.write((base.getRawPath() == null ? "" : base.getRawPath()).getBytes(StandardCharsets.US_ASCII));
            out.write(target);
            StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: ").append(base.getHost()).append(':')
                    .append(base.getPort()).append("\r\nConnection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(out.toByteArray());
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int space = response.indexOf(' ');
            int status = Integer.parseInt(response.substring(space + 1, space + 4));
            int split = response.indexOf("\r\n\r\n");
            return new RawResponse(status, response.substring(0, Math.max(split, 0)),
                    split < 0 ? "" : response.substring(split + 4));
        }
    }

    /**
     * Sends a whole request as raw bytes (request line, headers, body) over a plain socket, for what
     * {@link HttpClient} will not send, e.g. a malformed chunked body. Status 0: the server closed
     * the connection without an answer.
     */
    protected RawResponse rawExchange(String head, byte[] body) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            String path = base.getRawPath() == null ? "" : base.getRawPath();
            socket.getOutputStream().write(head.replace("{base}", path).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
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

    /** Sends {@code n} copies of one request at once; returns every response. */
    protected List<HttpResponse<String>> concurrently(int n, String path, String body, String... headers)
            throws Exception {
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            for (int h = 0; h < headers.length; h += 2) {
                b.header(headers[h], headers[h + 1]);
            }
            futures.add(HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> out = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    // ---- the contract ----

    @Test
    @DisplayName("R36 a store that is down gives 503 JSON with Retry-After everywhere, and service resumes when it is back")
    void storeDown() throws Exception {
        String token = clientCredentialsToken("read");
        outage.down(true);
        HttpResponse<String> issue = postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertJsonError(issue, 503, "temporarily_unavailable");
        assertThat(issue.headers().firstValue("Retry-After")).contains("7");
        HttpResponse<String> resource = get("/api/me", "Authorization", authorizationHeader(token));
        assertThat(resource.statusCode()).isEqualTo(503);
        assertThat(resource.headers().firstValue("Retry-After")).contains("7");
        assertNoInternals(resource);
        HttpResponse<String> authorize = approve(codeRequest());
        assertThat(redirectParams(authorize, false)).containsEntry("error", "temporarily_unavailable")
                .containsEntry("state", STATE).doesNotContainKey("code");

        outage.down(false);
        assertThat(get("/api/me", "Authorization", authorizationHeader(token)).statusCode()).isEqualTo(200);
        assertThat(clientCredentialsToken("read")).isNotBlank();
        assertThat(redeem(code(codeRequest())).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R8 state is echoed verbatim, whatever characters it holds, in success and error redirects alike")
    void stateVerbatim() throws Exception {
        String state = "a%20b+c&d=e#f \u00e9\u6f22 \"<x>\"";
        Map<String, String> request = codeRequest();
        request.put("state", state);
        assertThat(redirectParams(approve(request), false)).containsEntry("state", state).containsKey("code");
        request.put("scope", "admin");
        assertThat(redirectParams(approve(request), false)).containsEntry("state", state)
                .containsEntry("error", "invalid_scope");
        request.remove("state");
        assertThat(redirectParams(approve(request), false)).doesNotContainKey("state");
    }

    @Test
    @DisplayName("R9 iss is in every authorization response: code and token, success and error")
    void issEverywhere() throws Exception {
        Map<String, String> implicit = codeRequest();
        implicit.put("response_type", "token");
        implicit.remove("code_challenge");
        implicit.remove("code_challenge_method");
        Map<String, String> badScope = codeRequest();
        badScope.put("scope", "admin");
        Map<String, String> badImplicit = new LinkedHashMap<>(implicit);
        badImplicit.put("scope", "admin");
        assertThat(redirectParams(approve(codeRequest()), false)).containsEntry("iss", ContractFixture.ISSUER);
        assertThat(redirectParams(approve(badScope), false)).containsEntry("iss", ContractFixture.ISSUER);
        assertThat(redirectParams(approve(implicit), true)).containsEntry("iss", ContractFixture.ISSUER);
        assertThat(redirectParams(approve(badImplicit), true)).containsEntry("iss", ContractFixture.ISSUER);
    }

    @Test
    @DisplayName("R27 expires_in reports the access-token lifetime (default one hour), and the token dies then")
    void lifetimes() throws Exception {
        HttpResponse<String> r = passwordTokens("read");
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(3600L);
        String access = JsonFields.string(r.body(), "access_token");
        clock.advance(Duration.ofSeconds(3599));
        assertThat(get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
        // the refresh token outlives it
        HttpResponse<String> refreshed = postForm("/token", form(params("grant_type", "refresh_token",
                "refresh_token", JsonFields.string(r.body(), "refresh_token"))),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R35 an unknown path below the mount point is 404, not 500")
    void unknownPath() throws Exception {
        HttpResponse<String> r = get("/no-such-endpoint");
        assertThat(r.statusCode()).isEqualTo(404);
        assertNoInternals(r);
    }

    @Test
    @DisplayName("R38 an authorization request carrying grant_type=password and a password gets the sign-in page, never a code or token")
    void noConsentBypass() throws Exception {
        Map<String, String> implicit = codeRequest();
        implicit.put("response_type", "token");
        implicit.remove("code_challenge");
        implicit.remove("code_challenge_method");
        for (Map<String, String> request : List.of(codeRequest(), implicit)) {
            HttpResponse<String> r = postForm("/authorize?" + form(request), form(params("grant_type", "password",
                    "username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD)));
            assertThat(r.statusCode()).as(location(r)).isEqualTo(200);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.body()).contains("<form method=\"POST\"");
        }
    }

    @Test
    @DisplayName("R40 an extension grant defined outside the core is served end to end: token, resource, refresh, metadata")
    void extensionGrant() throws Exception {
        HttpResponse<String> r = postForm("/token", form(params("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key",
                ContractFixture.API_KEY, "scope", "read")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        HttpResponse<String> me = get("/api/me", "Authorization",
                authorizationHeader(JsonFields.string(r.body(), "access_token")));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JsonFields.string(me.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        HttpResponse<String> refreshed = postForm("/token", form(params("grant_type", "refresh_token",
                "refresh_token", JsonFields.string(r.body(), "refresh_token"))),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertJsonError(postForm("/token", form(params("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key", "wrong")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)), 400, "invalid_grant");
        assertThat(get(provider.metadataPath()).body()).contains(ApiKeyGrant.GRANT_TYPE);
    }

    @Test
    @DisplayName("R44 login, consent and error pages forbid framing and are not cached")
    void pagesCannotBeFramed() throws Exception {
        Map<String, String> unknownClient = codeRequest();
        unknownClient.put("client_id", "nobody");
        for (HttpResponse<String> page : List.of(get("/authorize?" + form(codeRequest())),
                get("/authorize?" + form(unknownClient)))) {
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @Test
    @DisplayName("R45 a state too long to be sent back is a 400 page before anything is stored, not a 500")
    void stateTooLong() throws Exception {
        // The whole request in a form body: servers refuse a request line this long themselves.
        Map<String, String> request = codeRequest();
        request.putAll(params("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                "consent", "allow"));
        request.put("state", "\u20ac".repeat(4000));
        String before = stores.rawDump().get();
        HttpResponse<String> r = postForm("/authorize", form(request));
        assertErrorPage(r, 400);
        assertThat(stores.rawDump().get()).isEqualTo(before);
        request.put("state", "\u20ac".repeat(500));
        assertThat(redirectParams(postForm("/authorize", form(request)), false))
                .containsEntry("state", "\u20ac".repeat(500)).containsKey("code");
    }

    @Test
    @DisplayName("R46 a malformed chunked body is answered 400 invalid_request, never a 500 or no answer")
    void malformedChunkedBody() throws Exception {
        for (String path : List.of("/token", "/authorize?" + form(codeRequest()))) {
            RawResponse r = rawExchange("POST {base}" + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                    "zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(r.status()).as("%s: %s%n%s", path, r.head(), r.body()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("R39 responses reach the client whole: a header sent twice (Set-Cookie) arrives twice; HEAD is answered without a body")
    void responsesWhole() throws Exception {
        HttpResponse<String> page = get("/authorize?" + form(codeRequest()));
        assertThat(page.headers().allValues("Set-Cookie")).containsExactlyElementsOf(ContractSiteAdapter.COOKIES);
        HttpResponse<String> head = send("HEAD", provider.metadataPath(), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    @DisplayName("R35 a chunked body over maxBodyBytes is 413, as one with Content-Length is")
    void chunkedBodyTooLarge() throws Exception {
        int size = provider.maxBodyBytes() + 1024;
        String chunk = Integer.toHexString(size) + "\r\n" + "a".repeat(size) + "\r\n0\r\n\r\n";
        RawResponse r = rawExchange("POST {base}/token HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n", chunk.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.status()).as(r.head()).isEqualTo(413);
    }

    @Test
    @DisplayName("R34 for an issuer with a path, the metadata is at /.well-known/oauth-authorization-server/<path> from the host's root (RFC 8414 §3.1)")
    void metadataOfIssuerWithPath() throws Exception {
        stopServer();
        String issuer = ContractFixture.ISSUER + "/tenant/one";
        provider = ContractFixture.provider(stores.tokens(), stores.codes(), clock, b -> b.issuer(issuer));
        String s = startServer(provider).toString();
        base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        assertThat(provider.metadataLocation()).isEqualTo("/.well-known/oauth-authorization-server/tenant/one");
        HttpResponse<String> r = servesHostRoot()
                ? HTTP.send(HttpRequest.newBuilder(URI.create(base.getScheme() + "://" + base.getRawAuthority()
                        + provider.metadataLocation())).timeout(Duration.ofSeconds(20)).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                : get(provider.metadataPath());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JsonFields.string(r.body(), "issuer")).isEqualTo(issuer);
        assertThat(JsonFields.string(r.body(), "token_endpoint")).isEqualTo(issuer + "/token");
        assertThat(get(provider.tokenPath()).statusCode()).as("endpoints stay below the mount point").isEqualTo(405);
    }

    @Test
    @DisplayName("R64 protected resource metadata is served from the host's root (RFC 9728 §3.1), and named in the resource's 401")
    void protectedResourceMetadataFromRoot() throws Exception {
        // the resource is where the adapter serves /api/me: below its mount point, if it has one
        String mount = base.getRawPath() == null ? "" : base.getRawPath();
        stopServer();
        provider = ContractFixture.provider(stores.tokens(), stores.codes(), clock, b -> b.resource(
                org.oauth2kit.resource.ProtectedResource.of(ContractFixture.ISSUER + mount + "/api/me", List.of("read"),
                        "API")));
        String s = startServer(provider).toString();
        base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        String location = "/.well-known/oauth-protected-resource" + mount + "/api/me";
        assertThat(provider.rootPaths()).contains(location);
        if (servesHostRoot()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base.getScheme() + "://"
                    + base.getRawAuthority() + location)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JsonFields.string(r.body(), "resource")).isEqualTo(ContractFixture.ISSUER + mount + "/api/me");
            assertThat(r.body()).contains("\"authorization_servers\":[\"" + ContractFixture.ISSUER + "\"]");
        }
        assertThat(get("/.well-known/oauth-protected-resource/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> challenge = get("/api/me");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().allValues("WWW-Authenticate")).anySatisfy(v -> assertThat(v).contains(
                "resource_metadata=\"" + ContractFixture.ISSUER + location + "\""));
    }

    @Test
    @DisplayName("R39 requests carrying Origin and Referer, as browsers send them, are answered as without them")
    void browserHeaders() throws Exception {
        String[] browser = {"Origin", base.toString(), "Referer", base + "/somewhere"};
        HttpResponse<String> metadata = get(provider.metadataPath(), browser);
        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
        assertThat(get("/no-such-endpoint", browser).statusCode()).isEqualTo(404);

        HttpResponse<String> page = get("/authorize?" + form(codeRequest()), browser);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"POST\"");
        HttpResponse<String> approved = postForm("/authorize?" + form(codeRequest()), form(params("username",
                ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD, "consent", "allow")), browser);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        String code = redirectParams(approved, false).get("code");

        HttpResponse<String> tokens = postForm("/token", form(params("grant_type", "authorization_code", "code", code,
                "redirect_uri", ContractFixture.REDIRECT_URI, "code_verifier", VERIFIER)), "Authorization",
                basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), "Origin", base.toString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String token = JsonFields.string(tokens.body(), "access_token");
        HttpResponse<String> me = get("/api/me", "Authorization", authorizationHeader(token), "Origin", base.toString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        HttpResponse<String> anonymous = get("/api/me", browser);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Nested
    @DisplayName("Authorization code grant with PKCE")
    class CodeGrant {

        @Test
        @DisplayName("R11 GET shows the SiteAdapter's login page, uncached; POSTing consent redirects with code, state and iss")
        void fullFlow() throws Exception {
            assertThat(s256(VERIFIER)).as("RFC 7636 Appendix B").isEqualTo(CHALLENGE);
            HttpResponse<String> page = get("/authorize?" + form(codeRequest()));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(page.body()).contains("<form method=\"POST\"");

            HttpResponse<String> approved = approve(codeRequest());
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
            assertThat(approved.headers().firstValue("Cache-Control")).contains("no-store");
            Map<String, String> q = redirectParams(approved, false);
            assertThat(q.get("state")).isEqualTo(STATE);
            assertThat(q.get("iss")).isEqualTo(ContractFixture.ISSUER);
            assertThat(q.get("code")).hasSizeGreaterThanOrEqualTo(22);

            HttpResponse<String> tokens = redeem(q.get("code"));
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(tokens.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(tokens.headers().firstValue("Pragma")).contains("no-cache");
            assertThat(JsonFields.string(tokens.body(), "token_type")).isEqualTo("Bearer");
            assertThat(JsonFields.number(tokens.body(), "expires_in")).isPositive();
            assertThat(JsonFields.string(tokens.body(), "scope")).isEqualTo("read write");
            assertThat(JsonFields.string(tokens.body(), "refresh_token")).isNotBlank();

            HttpResponse<String> me = get("/api/me", "Authorization",
                    authorizationHeader(JsonFields.string(tokens.body(), "access_token")));
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(JsonFields.string(me.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
            assertThat(JsonFields.string(me.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
        }

        @Test
        @DisplayName("R11 the whole authorization request may be POSTed as a form")
        void postedRequest() throws Exception {
            Map<String, String> all = new LinkedHashMap<>(codeRequest());
            all.putAll(params("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                    "consent", "allow"));
            HttpResponse<String> r = postForm("/authorize", form(all));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            Map<String, String> q = redirectParams(r, false);
            assertThat(redeem(q.get("code")).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("R7 a user who denies: access_denied in the query, with state and iss")
        void denied() throws Exception {
            HttpResponse<String> r = postForm("/authorize?" + form(codeRequest()), "consent=deny");
            assertThat(r.statusCode()).isEqualTo(302);
            Map<String, String> q = redirectParams(r, false);
            assertThat(q).containsEntry("error", "access_denied").containsEntry("state", STATE)
                    .containsEntry("iss", ContractFixture.ISSUER).doesNotContainKey("code");
        }

        @Test
        @DisplayName("R4 a public client redeems its code with PKCE and client_id alone, and gets a refresh token")
        void publicClient() throws Exception {
            Map<String, String> request = codeRequest();
            request.put("client_id", ContractFixture.PUBLIC_CLIENT_ID);
            String code = code(request);
            HttpResponse<String> r = postForm("/token", form(params("grant_type", "authorization_code", "code", code,
                    "redirect_uri", ContractFixture.REDIRECT_URI, "client_id", ContractFixture.PUBLIC_CLIENT_ID,
                    "code_verifier", VERIFIER)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JsonFields.string(r.body(), "refresh_token")).isNotBlank();
        }

        @Test
        @DisplayName("R10 a public client without code_challenge gets invalid_request at its redirect URI")
        void publicClientNeedsPkce() throws Exception {
            Map<String, String> request = codeRequest();
            request.put("client_id", ContractFixture.PUBLIC_CLIENT_ID);
            request.remove("code_challenge");
            request.remove("code_challenge_method");
            Map<String, String> q = redirectParams(approve(request), false);
            assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", STATE)
                    .containsEntry("iss", ContractFixture.ISSUER);
        }

        @Test
        @DisplayName("R10 code_challenge_method=plain is refused unless enabled")
        void plainRefused() throws Exception {
            Map<String, String> request = codeRequest();
            request.put("code_challenge", VERIFIER);
            request.put("code_challenge_method", "plain");
            assertThat(redirectParams(approve(request), false)).containsEntry("error", "invalid_request");
        }

        @Test
        @DisplayName("R10 a wrong or missing code_verifier is invalid_grant, and a verifier for a code without challenge too")
        void wrongVerifier() throws Exception {
            assertJsonError(redeem(code(codeRequest()), "code_verifier", VERIFIER.replace('d', 'e')), 400,
                    "invalid_grant");
            assertJsonError(redeem(code(codeRequest()), "code_verifier", null), 400, "invalid_grant");
            Map<String, String> noPkce = codeRequest();
            noPkce.remove("code_challenge");
            noPkce.remove("code_challenge_method");
            String code = code(noPkce);
            assertJsonError(redeem(code, "code_verifier", VERIFIER), 400, "invalid_grant");
        }

        @Test
        @DisplayName("R13 the redirect_uri sent to /authorize must be sent again, identical, to /token")
        void redirectUriRepeated() throws Exception {
            assertJsonError(redeem(code(codeRequest()), "redirect_uri", null), 400, "invalid_grant");
            assertJsonError(redeem(code(codeRequest()), "redirect_uri", ContractFixture.REDIRECT_URI + "/"), 400,
                    "invalid_grant");
        }

        @Test
        @DisplayName("R13 without redirect_uri at /authorize, /token accepts none or the client's only registered URI, nothing else")
        void redirectUriOmitted() throws Exception {
            Map<String, String> request = codeRequest();
            request.remove("redirect_uri");
            HttpResponse<String> registered = redeem(code(request));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
            assertThat(redeem(code(request), "redirect_uri", null).statusCode()).isEqualTo(200);
            assertJsonError(redeem(code(request), "redirect_uri", ContractFixture.SECOND_REDIRECT_URI), 400,
                    "invalid_grant");
        }

        @Test
        @DisplayName("R13 a code is useless once its lifetime (default 60 s) has passed")
        void codeExpires() throws Exception {
            String code = code(codeRequest());
            clock.advance(Duration.ofSeconds(61));
            assertJsonError(redeem(code), 400, "invalid_grant");
        }

        @Test
        @DisplayName("R15 a second redemption is invalid_grant and revokes the tokens of the first")
        void secondRedemption() throws Exception {
            String code = code(codeRequest());
            HttpResponse<String> first = redeem(code);
            assertThat(first.statusCode()).isEqualTo(200);
            String access = JsonFields.string(first.body(), "access_token");
            assertThat(get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(200);
            assertJsonError(redeem(code), 400, "invalid_grant");
            assertThat(get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
            HttpResponse<String> refresh = postForm("/token", form(params("grant_type", "refresh_token",
                    "refresh_token", JsonFields.string(first.body(), "refresh_token"))),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertJsonError(refresh, 400, "invalid_grant");
        }

        @Test
        @DisplayName("R16 another client cannot redeem the code, and its attempt does not burn it")
        void otherClient() throws Exception {
            String code = code(codeRequest());
            HttpResponse<String> stolen = postForm("/token", form(params("grant_type", "authorization_code",
                    "code", code, "redirect_uri", ContractFixture.REDIRECT_URI, "code_verifier", VERIFIER)),
                    "Authorization", basic(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET));
            assertJsonError(stolen, 400, "invalid_grant");
            assertThat(redeem(code).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("R14 many simultaneous redemptions of one code over HTTP: exactly one gets tokens")
        void concurrentRedemption() throws Exception {
            String code = code(codeRequest());
            List<HttpResponse<String>> all = concurrently(8, "/token", form(params("grant_type", "authorization_code",
                    "code", code, "redirect_uri", ContractFixture.REDIRECT_URI, "code_verifier", VERIFIER)),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertThat(all).filteredOn(r -> r.statusCode() == 200).hasSize(1);
            assertThat(all).filteredOn(r -> r.statusCode() == 400).hasSize(7)
                    .allSatisfy(r -> assertThat(JsonFields.string(r.body(), "error")).isEqualTo("invalid_grant"));
        }
    }

    @Nested
    @DisplayName("Authorization endpoint errors")
    class AuthorizationErrors {

        @Test
        @DisplayName("R6 an unknown client_id gets a 400 page and no redirect")
        void unknownClient() throws Exception {
            Map<String, String> request = codeRequest();
            request.put("client_id", "nobody");
            assertErrorPage(get("/authorize?" + form(request)), 400);
            assertErrorPage(approve(request), 400);
        }

        @Test
        @DisplayName("R6 a missing client_id gets a 400 page and no redirect")
        void missingClient() throws Exception {
            Map<String, String> request = codeRequest();
            request.remove("client_id");
            assertErrorPage(get("/authorize?" + form(request)), 400);
        }

        @Test
        @DisplayName("R6 a redirect_uri that is not exactly a registered one gets a 400 page and no redirect")
        void wrongRedirectUri() throws Exception {
            for (String uri : List.of("https://evil.example/callback", ContractFixture.REDIRECT_URI + "/x",
                    ContractFixture.REDIRECT_URI + "?a=b", "HTTP://localhost:8081/callback")) {
                Map<String, String> request = codeRequest();
                request.put("redirect_uri", uri);
                HttpResponse<String> r = get("/authorize?" + form(request));
                assertErrorPage(r, 400);
                assertThat(r.body()).doesNotContain("evil.example");
            }
        }

        @Test
        @DisplayName("R6 without redirect_uri: one registered URI is used, several are an error page")
        void omittedRedirectUri() throws Exception {
            Map<String, String> request = codeRequest();
            request.remove("redirect_uri");
            HttpResponse<String> single = approve(request);
            assertThat(single.statusCode()).isEqualTo(302);
            assertThat(redirectParams(single, false)).containsKey("code");
            request.put("client_id", ContractFixture.CLIENT2_ID);
            assertErrorPage(approve(request), 400);
        }

        @Test
        @DisplayName("R7 an unsupported response_type goes back in the query with state and iss")
        void unsupportedResponseType() throws Exception {
            Map<String, String> request = codeRequest();
            request.put("response_type", "id_token");
            HttpResponse<String> r = get("/authorize?" + form(request));
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(redirectParams(r, false)).containsEntry("error", "unsupported_response_type")
                    .containsEntry("state", STATE).containsEntry("iss", ContractFixture.ISSUER);
        }

        @Test
        @DisplayName("R7 an unknown scope is invalid_scope, with error_description, state and iss")
        void invalidScope() throws Exception {
            Map<String, String> request = codeRequest();
            request.put("scope", "read admin");
            Map<String, String> q = redirectParams(get("/authorize?" + form(request)), false);
            assertThat(q).containsEntry("error", "invalid_scope").containsKey("error_description")
                    .containsEntry("state", STATE).containsEntry("iss", ContractFixture.ISSUER);
        }

        @Test
        @DisplayName("R12 a repeated parameter is invalid_request; a repeated client_id is an error page")
        void repeatedParameters() throws Exception {
            HttpResponse<String> r = get("/authorize?" + form(codeRequest()) + "&scope=read");
            assertThat(redirectParams(r, false)).containsEntry("error", "invalid_request")
                    .containsEntry("state", STATE);
            assertErrorPage(get("/authorize?" + form(codeRequest()) + "&client_id=abc"), 400);
            // a parameter in both query and form is repeated too
            HttpResponse<String> both = postForm("/authorize?" + form(codeRequest()), form(params("scope", "read",
                    "username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                    "consent", "allow")));
            assertThat(redirectParams(both, false)).containsEntry("error", "invalid_request");
        }

        @Test
        @DisplayName("R35 bytes that are not UTF-8 in the query get a 400 page, not a 500")
        void nonUtf8Query() throws Exception {
            HttpResponse<String> r = get("/authorize?client_id=abc&state=%FF%FE&response_type=code");
            if (!malformedParametersReachAdapter()) {
                assertRefusedByServer(r);
                return;
            }
            assertErrorPage(r, 400);
            assertThat(r.body()).contains("invalid_request");
        }

        @Test
        @DisplayName("R35 bad percent-encoding in the query gets a 400 page, not a 500 or a redirect")
        void badPercentEncodingInQuery() throws Exception {
            RawResponse r = raw("GET", ("/authorize?" + form(codeRequest()) + "&x=%zz").getBytes(StandardCharsets.US_ASCII));
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.head().toLowerCase(java.util.Locale.ROOT)).doesNotContain("\r\nlocation:");
            assertThat(r.body()).doesNotContain("\tat ");
            if (deliversMalformedRequestTargets() && malformedParametersReachAdapter()) {
                assertThat(r.body()).contains("invalid_request").doesNotContain("Exception");
            }
        }

        @Test
        @DisplayName("R35 raw bytes that are not UTF-8 in the query get a 400 page, not a 500 or a redirect")
        void rawNonUtf8Query() throws Exception {
            ByteArrayOutputStream target = new ByteArrayOutputStream();
            target.write(("/authorize?" + form(codeRequest()) + "&x=").getBytes(StandardCharsets.US_ASCII));
            target.write(new byte[] {(byte) 0xff, (byte) 0xfe});
            RawResponse r = raw("GET", target.toByteArray());
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.head().toLowerCase(java.util.Locale.ROOT)).doesNotContain("\r\nlocation:");
            assertThat(r.body()).contains("invalid_request").doesNotContain("Exception");
        }

        @Test
        @DisplayName("R35 an oversized POST to the authorization endpoint is 413, never redirected")
        void oversizedPost() throws Exception {
            // repeated: a server that closes with unread bytes loses the answer to a reset now and then
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = postForm("/authorize?" + form(codeRequest()),
                        "consent=allow&padding=" + "x".repeat(provider.maxBodyBytes() + 4096));
                assertErrorPage(r, 413);
            }
        }

        @Test
        @DisplayName("R11 methods other than GET and POST get 405 with Allow")
        void wrongMethod() throws Exception {
            HttpResponse<String> r = send("DELETE", "/authorize?" + form(codeRequest()), null);
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow").orElse("")).contains("GET").contains("POST");
            assertThat(r.headers().firstValue("Location")).isEmpty();
        }
    }

    @Nested
    @DisplayName("Implicit grant")
    class Implicit {

        private Map<String, String> tokenRequest() {
            Map<String, String> request = codeRequest();
            request.put("response_type", "token");
            request.remove("code_challenge");
            request.remove("code_challenge_method");
            return request;
        }

        @Test
        @DisplayName("R7 tokens go in the fragment, with state and iss, and work at the resource")
        void success() throws Exception {
            HttpResponse<String> r = approve(tokenRequest());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            Map<String, String> f = redirectParams(r, true);
            assertThat(f).containsEntry("token_type", "Bearer").containsEntry("state", STATE)
                    .containsEntry("iss", ContractFixture.ISSUER).containsKey("expires_in")
                    .doesNotContainKey("refresh_token").doesNotContainKey("code");
            assertThat(get("/api/me", "Authorization", authorizationHeader(f.get("access_token"))).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("R7 errors of a token request go in the fragment")
        void errorInFragment() throws Exception {
            Map<String, String> request = tokenRequest();
            request.put("scope", "admin");
            assertThat(redirectParams(get("/authorize?" + form(request)), true))
                    .containsEntry("error", "invalid_scope").containsEntry("state", STATE)
                    .containsEntry("iss", ContractFixture.ISSUER);
            HttpResponse<String> denied = postForm("/authorize?" + form(tokenRequest()), "consent=deny");
            assertThat(redirectParams(denied, true)).containsEntry("error", "access_denied");
        }

        @Test
        @DisplayName("R5 a client not registered for response_type=token gets unauthorized_client")
        void unauthorizedClient() throws Exception {
            Map<String, String> request = tokenRequest();
            request.put("client_id", ContractFixture.PUBLIC_CLIENT_ID);
            assertThat(redirectParams(approve(request), true)).containsEntry("error", "unauthorized_client")
                    .containsEntry("state", STATE);
        }
    }

    @Nested
    @DisplayName("Token endpoint")
    class TokenRequests {

        @Test
        @DisplayName("R18 client credentials over HTTP: JSON token response with no-store headers")
        void clientCredentials() throws Exception {
            HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials")),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse(""))
                    .isEqualToIgnoringCase("application/json;charset=UTF-8");
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
            assertThat(JsonFields.string(r.body(), "token_type")).isEqualTo("Bearer");
            assertThat(JsonFields.string(r.body(), "access_token")).hasSizeGreaterThanOrEqualTo(43);
            assertThat(JsonFields.string(r.body(), "scope")).isEqualTo("read");
        }

        @Test
        @DisplayName("R22 client credentials: no refresh token, and a public client may not use it")
        void clientCredentialsLimits() throws Exception {
            HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials")),
                    "Authorization", basic(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JsonFields.string(r.body(), "refresh_token")).isNull();
            assertJsonError(postForm("/token", form(params("grant_type", "client_credentials", "client_id",
                    ContractFixture.PUBLIC_CLIENT_ID))), 400, "unauthorized_client");
        }

        @Test
        @DisplayName("R21 password grant: right credentials get tokens, a wrong password is invalid_grant")
        void password() throws Exception {
            HttpResponse<String> ok = passwordTokens("read");
            assertThat(JsonFields.string(ok.body(), "refresh_token")).isNotBlank();
            HttpResponse<String> wrong = postForm("/token", form(params("grant_type", "password", "username",
                    ContractSiteAdapter.USERNAME, "password", "nope")),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertJsonError(wrong, 400, "invalid_grant");
        }

        @Test
        @DisplayName("R4 a public client can never use the password grant")
        void passwordPublic() throws Exception {
            assertJsonError(postForm("/token", form(params("grant_type", "password", "username",
                    ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD, "client_id",
                    ContractFixture.PUBLIC_CLIENT_ID))), 400, "unauthorized_client");
        }

        @Test
        @DisplayName("R5 a grant the client is not registered for is unauthorized_client")
        void unauthorizedGrant() throws Exception {
            assertJsonError(postForm("/token", form(params("grant_type", "password", "username",
                    ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD)),
                    "Authorization", basic(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET)),
                    400, "unauthorized_client");
        }

        @Test
        @DisplayName("R20 an unknown grant_type is unsupported_grant_type; R19 a missing one invalid_request")
        void unknownGrantType() throws Exception {
            assertJsonError(postForm("/token", form(params("grant_type", "urn:example:magic")),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                    400, "unsupported_grant_type");
            assertJsonError(postForm("/token", form(params("scope", "read")),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                    400, "invalid_request");
        }

        @Test
        @DisplayName("R19 an unknown scope is invalid_scope")
        void invalidScope() throws Exception {
            assertJsonError(postForm("/token", form(params("grant_type", "client_credentials", "scope", "admin")),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                    400, "invalid_scope");
        }

        @Test
        @DisplayName("R12 a parameter sent twice is invalid_request")
        void repeatedParameter() throws Exception {
            assertJsonError(postForm("/token", "grant_type=client_credentials&scope=read&scope=write",
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                    400, "invalid_request");
        }

        @Test
        @DisplayName("R17 GET is 405 with Allow: POST, as JSON")
        void getRefused() throws Exception {
            HttpResponse<String> r = get("/token?grant_type=client_credentials",
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertJsonError(r, 405, "invalid_request");
            assertThat(r.headers().firstValue("Allow")).contains("POST");
        }

        @Test
        @DisplayName("R17 a body that is not a form (JSON, none, no content type) is 400 invalid_request")
        void wrongContentType() throws Exception {
            String auth = basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
            assertJsonError(post("/token", "application/json", "{\"grant_type\":\"client_credentials\"}",
                    "Authorization", auth), 400, "invalid_request");
            assertJsonError(post("/token", null, "grant_type=client_credentials", "Authorization", auth), 400,
                    "invalid_request");
            assertJsonError(post("/token", "text/plain", "grant_type=client_credentials", "Authorization", auth), 400,
                    "invalid_request");
            assertJsonError(post("/token", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                    "grant_type=client_credentials", "Authorization", auth), 400, "invalid_request");
        }

        @Test
        @DisplayName("R17 a form content type with charset=UTF-8 and any case is accepted")
        void contentTypeParameters() throws Exception {
            HttpResponse<String> r = post("/token", "Application/X-WWW-Form-URLEncoded; charset=UTF-8",
                    "grant_type=client_credentials", "Authorization",
                    basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("R35 a body larger than maxBodyBytes is 413 JSON")
        void oversizedBody() throws Exception {
            String padding = "x".repeat(provider.maxBodyBytes() + 4096);
            // repeated: a server that closes with unread bytes loses the answer to a reset now and then
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = postForm("/token", "grant_type=client_credentials&padding=" + padding,
                        "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
                assertJsonError(r, 413, "invalid_request");
            }
        }

        @Test
        @DisplayName("R35 a body just under maxBodyBytes is read whole")
        void bodyAtLimit() throws Exception {
            // one long parameter would hit the parameter-length limit; many medium ones the count limit
            StringBuilder body = new StringBuilder("grant_type=client_credentials");
            int i = 0;
            while (body.length() < Math.min(provider.maxBodyBytes() - 4200, 40 * 4000)) {
                body.append("&p").append(i++).append('=').append("y".repeat(4000));
            }
            HttpResponse<String> r = postForm("/token", body.toString(),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("R35 bad percent-encoding in the body is 400 invalid_request")
        void badPercentEncoding() throws Exception {
            for (String body : List.of("grant_type=client_credentials&scope=%zz", "grant_type=client_credentials&scope=%",
                    "grant_type=client_credentials&scope=%4")) {
                HttpResponse<String> r = postForm("/token", body,
                        "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
                if (malformedParametersReachAdapter()) {
                    assertJsonError(r, 400, "invalid_request");
                } else {
                    assertRefusedByServer(r);
                }
            }
        }

        @Test
        @DisplayName("R35 bytes that are not UTF-8, raw or percent-encoded, are 400 invalid_request")
        void nonUtf8Body() throws Exception {
            String auth = basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
            byte[] raw = "grant_type=client_credentials&scope=re\u00ffad".getBytes(StandardCharsets.ISO_8859_1);
            for (HttpResponse<String> r : List.of(
                    postBytes("/token", "application/x-www-form-urlencoded", raw, "Authorization", auth),
                    postForm("/token", "grant_type=client_credentials&scope=%C3%28", "Authorization", auth))) {
                if (malformedParametersReachAdapter()) {
                    assertJsonError(r, 400, "invalid_request");
                } else {
                    assertRefusedByServer(r);
                }
            }
        }

        @Test
        @DisplayName("R35 other methods at /token are 405, never 500")
        void otherMethods() throws Exception {
            for (String method : List.of("PUT", "DELETE", "PATCH")) {
                HttpResponse<String> r = send(method, "/token", "grant_type=client_credentials"
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
                assertJsonError(r, 405, "invalid_request");
            }
        }
    }

    @Nested
    @DisplayName("Client authentication")
    class ClientAuthenticationMethods {

        @Test
        @DisplayName("R1 client_secret_post works as well as HTTP Basic")
        void secretPost() throws Exception {
            HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials",
                    "client_id", ContractFixture.CLIENT_ID, "client_secret", ContractFixture.CLIENT_SECRET)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("R1 HTTP Basic and client_secret in one request is invalid_request")
        void twoMethods() throws Exception {
            assertJsonError(postForm("/token", form(params("grant_type", "client_credentials",
                    "client_secret", ContractFixture.CLIENT_SECRET)),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                    400, "invalid_request");
        }

        @Test
        @DisplayName("R2 a wrong secret or unknown client over Basic: 401 invalid_client with a Basic challenge, same body")
        void failedBasic() throws Exception {
            HttpResponse<String> wrong = postForm("/token", form(params("grant_type", "client_credentials")),
                    "Authorization", basic(ContractFixture.CLIENT_ID, "wrong"));
            HttpResponse<String> unknown = postForm("/token", form(params("grant_type", "client_credentials")),
                    "Authorization", basic("nobody", "wrong"));
            for (HttpResponse<String> r : List.of(wrong, unknown)) {
                assertJsonError(r, 401, "invalid_client");
                assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
            }
            assertThat(unknown.body()).isEqualTo(wrong.body());
        }

        @Test
        @DisplayName("R2 a wrong secret in the body: 401 invalid_client without a Basic challenge")
        void failedPost() throws Exception {
            HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials",
                    "client_id", ContractFixture.CLIENT_ID, "client_secret", "wrong")));
            assertJsonError(r, 401, "invalid_client");
            assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertJsonError(postForm("/token", form(params("grant_type", "client_credentials"))), 401,
                    "invalid_client");
        }

        @Test
        @DisplayName("R35 malformed Basic credentials are 400 invalid_request, not 500")
        void badBasic() throws Exception {
            for (String header : List.of("Basic !!!not-base64!!!", "Basic " + Base64.getEncoder()
                    .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)), "Basic " + Base64.getEncoder()
                    .encodeToString(new byte[] {(byte) 0xff, ':', 'x'}))) {
                assertJsonError(postForm("/token", form(params("grant_type", "client_credentials")),
                        "Authorization", header), 400, "invalid_request");
            }
        }
    }

    @Nested
    @DisplayName("Refresh tokens")
    class Refresh {

        private HttpResponse<String> refresh(String refreshToken, String clientId, String secret, String... extra)
                throws Exception {
            Map<String, String> p = params("grant_type", "refresh_token", "refresh_token", refreshToken);
            p.putAll(params(extra));
            return postForm("/token", form(p), "Authorization", basic(clientId, secret));
        }

        @Test
        @DisplayName("R25 each use rotates; the retired token is invalid_grant and revokes the whole family")
        void rotation() throws Exception {
            String first = JsonFields.string(passwordTokens("read write").body(), "refresh_token");
            HttpResponse<String> r1 = refresh(first, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
            assertThat(r1.statusCode()).as(r1.body()).isEqualTo(200);
            assertThat(r1.headers().firstValue("Cache-Control")).contains("no-store");
            String second = JsonFields.string(r1.body(), "refresh_token");
            String access = JsonFields.string(r1.body(), "access_token");
            assertThat(second).isNotBlank().isNotEqualTo(first);
            assertThat(JsonFields.string(r1.body(), "scope")).isEqualTo("read write");

            assertJsonError(refresh(first, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), 400,
                    "invalid_grant");
            assertJsonError(refresh(second, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), 400,
                    "invalid_grant");
            assertThat(get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
        }

        @Test
        @DisplayName("R23 another client presenting the refresh token gets invalid_grant; the owner still can use it")
        void boundToClient() throws Exception {
            String token = JsonFields.string(passwordTokens("read").body(), "refresh_token");
            assertJsonError(refresh(token, ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET), 400,
                    "invalid_grant");
            assertThat(refresh(token, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("R24 a narrower scope is granted; a wider one is invalid_scope")
        void scopeSubset() throws Exception {
            String token = JsonFields.string(passwordTokens("read").body(), "refresh_token");
            assertJsonError(refresh(token, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET,
                    "scope", "read write"), 400, "invalid_scope");
            HttpResponse<String> narrower = refresh(JsonFields.string(passwordTokens("read write").body(),
                    "refresh_token"), ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, "scope", "read");
            assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(200);
            assertThat(JsonFields.string(narrower.body(), "scope")).isEqualTo("read");
            String access = JsonFields.string(narrower.body(), "access_token");
            assertThat(get("/api/write", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(403);
        }

        @Test
        @DisplayName("R26 many simultaneous refreshes with one token over HTTP: exactly one succeeds")
        void concurrentRefresh() throws Exception {
            String token = JsonFields.string(passwordTokens("read").body(), "refresh_token");
            List<HttpResponse<String>> all = concurrently(8, "/token", form(params("grant_type", "refresh_token",
                    "refresh_token", token)), "Authorization",
                    basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
            assertThat(all).filteredOn(r -> r.statusCode() == 200).hasSize(1);
            assertThat(all).filteredOn(r -> r.statusCode() == 400).hasSize(7);
        }
    }

    @Nested
    @DisplayName("Revocation and introspection")
    class RevocationAndIntrospection {

        private HttpResponse<String> revoke(String token, String clientId, String secret, String... extra)
                throws Exception {
            Map<String, String> p = params("token", token);
            p.putAll(params(extra));
            return postForm("/revoke", form(p), "Authorization", basic(clientId, secret));
        }

        private HttpResponse<String> introspect(String token) throws Exception {
            return postForm("/introspect", form(params("token", token)),
                    "Authorization", basic(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET));
        }

        @Test
        @DisplayName("R32 a revoked access token stops working; an unknown token still gets 200")
        void revokeAccessToken() throws Exception {
            String token = clientCredentialsToken("read");
            HttpResponse<String> r = revoke(token, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(get("/api/me", "Authorization", authorizationHeader(token)).statusCode()).isEqualTo(401);
            assertThat(revoke("never-issued", ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET).statusCode())
                    .isEqualTo(200);
        }

        @Test
        @DisplayName("R32 revoking a refresh token also revokes its access tokens")
        void revokeRefreshToken() throws Exception {
            HttpResponse<String> tokens = passwordTokens("read");
            String access = JsonFields.string(tokens.body(), "access_token");
            String refresh = JsonFields.string(tokens.body(), "refresh_token");
            assertThat(revoke(refresh, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET,
                    "token_type_hint", "refresh_token").statusCode()).isEqualTo(200);
            assertThat(get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
            assertJsonError(postForm("/token", form(params("grant_type", "refresh_token", "refresh_token", refresh)),
                    "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                    400, "invalid_grant");
        }

        @Test
        @DisplayName("R32 a client cannot revoke another client's token; unauthenticated revocation is 401")
        void revokeOthers() throws Exception {
            String token = clientCredentialsToken("read");
            assertJsonError(revoke(token, ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET), 400,
                    "unauthorized_client");
            assertThat(get("/api/me", "Authorization", authorizationHeader(token)).statusCode()).isEqualTo(200);
            assertJsonError(revoke(token, ContractFixture.CLIENT_ID, "wrong"), 401, "invalid_client");
        }

        @Test
        @DisplayName("R33 an active token is described; unknown, expired and revoked tokens are only active:false")
        void introspection() throws Exception {
            String token = JsonFields.string(passwordTokens("read").body(), "access_token");
            HttpResponse<String> r = introspect(token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(JsonFields.bool(r.body(), "active")).isTrue();
            assertThat(JsonFields.string(r.body(), "scope")).isEqualTo("read");
            assertThat(JsonFields.string(r.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
            assertThat(JsonFields.string(r.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
            assertThat(JsonFields.string(r.body(), "token_type")).isEqualTo("Bearer");
            assertThat(JsonFields.number(r.body(), "exp")).isGreaterThan(JsonFields.number(r.body(), "iat"));

            HttpResponse<String> unknown = introspect("never-issued");
            assertThat(unknown.statusCode()).isEqualTo(200);
            assertThat(unknown.body().replace(" ", "")).isEqualTo("{\"active\":false}");

            clock.advance(Duration.ofHours(2));
            assertThat(introspect(token).body().replace(" ", "")).isEqualTo("{\"active\":false}");
        }

        @Test
        @DisplayName("R33 introspection needs an authenticated confidential client")
        void introspectionAuthentication() throws Exception {
            String token = clientCredentialsToken("read");
            assertJsonError(postForm("/introspect", form(params("token", token))), 401, "invalid_client");
            assertJsonError(postForm("/introspect", form(params("token", token, "client_id",
                    ContractFixture.PUBLIC_CLIENT_ID))), 401, "invalid_client");
            HttpResponse<String> wrong = postForm("/introspect", form(params("token", token)),
                    "Authorization", basic(ContractFixture.CLIENT_ID, "wrong"));
            assertJsonError(wrong, 401, "invalid_client");
            assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
        }
    }

    @Nested
    @DisplayName("Metadata")
    class Metadata {

        @Test
        @DisplayName("R34 metadata is served at /.well-known/oauth-authorization-server with the configured issuer")
        void metadata() throws Exception {
            HttpResponse<String> r = get("/.well-known/oauth-authorization-server");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            String issuer = ContractFixture.ISSUER;
            assertThat(JsonFields.string(r.body(), "issuer")).isEqualTo(issuer);
            assertThat(JsonFields.string(r.body(), "authorization_endpoint")).isEqualTo(issuer + "/authorize");
            assertThat(JsonFields.string(r.body(), "token_endpoint")).isEqualTo(issuer + "/token");
            assertThat(JsonFields.string(r.body(), "revocation_endpoint")).isEqualTo(issuer + "/revoke");
            assertThat(JsonFields.string(r.body(), "introspection_endpoint")).isEqualTo(issuer + "/introspect");
            assertThat(r.body()).contains("\"authorization_response_iss_parameter_supported\":true")
                    .contains("\"code_challenge_methods_supported\":[\"S256\"]")
                    .contains("\"grant_types_supported\":[").contains("\"client_credentials\"")
                    .contains("\"response_types_supported\":[\"code\",\"token\"]")
                    .contains("\"token_endpoint_auth_methods_supported\":[").contains("\"client_secret_basic\"")
                    .contains("\"scopes_supported\":[\"read\",\"write\"]");
        }

        @Test
        @DisplayName("R34 the issuer is configured, never taken from forwarded host headers")
        void issuerNotGuessed() throws Exception {
            HttpResponse<String> r = get("/.well-known/oauth-authorization-server",
                    "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "http", "Forwarded", "host=evil.example");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("evil.example");
        }
    }

    @Nested
    @DisplayName("Protected resource")
    class RequireScopes {

        @Test
        @DisplayName("R31 the protected resource answers a valid token, and refuses a missing one with a Bearer challenge")
        void protectedResource() throws Exception {
            String token = clientCredentialsToken("read");
            HttpResponse<String> ok = get("/api/me", "Authorization", "Bearer " + token);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(JsonFields.string(ok.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
            HttpResponse<String> missing = get("/api/me");
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=")
                    .doesNotContain("error=");
            HttpResponse<String> invalid = get("/api/me", "Authorization", "Bearer not-a-real-token");
            assertThat(invalid.statusCode()).isEqualTo(401);
            assertThat(invalid.headers().firstValue("WWW-Authenticate").orElse(""))
                    .contains("error=\"invalid_token\"");
            HttpResponse<String> scope = get("/api/write", "Authorization", "Bearer " + token);
            assertThat(scope.statusCode()).isEqualTo(403);
            assertThat(scope.headers().firstValue("WWW-Authenticate").orElse(""))
                    .contains("error=\"insufficient_scope\"").contains("scope=\"write\"");
        }

        @Test
        @DisplayName("R31 a token with the required scope reaches the write resource")
        void writeScope() throws Exception {
            String token = clientCredentialsToken("read write");
            assertThat(get("/api/write", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
        }

        @Test
        @DisplayName("R31 an expired token is invalid_token")
        void expired() throws Exception {
            String token = clientCredentialsToken("read");
            clock.advance(Duration.ofHours(1).plusSeconds(1));
            HttpResponse<String> r = get("/api/me", "Authorization", "Bearer " + token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        }

        @Test
        @DisplayName("R31 a token in the query string is refused by default")
        void queryToken() throws Exception {
            String token = clientCredentialsToken("read");
            HttpResponse<String> r = get("/api/me?access_token=" + token);
            assertThat(r.statusCode()).isIn(400, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        }

        @Test
        @DisplayName("R31 another scheme, a malformed token or two Authorization headers are refused, never 500")
        void malformed() throws Exception {
            assertThat(get("/api/me", "Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("a:b".getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
            HttpResponse<String> bad = get("/api/me", "Authorization", "Bearer a b\"c");
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
            String token = clientCredentialsToken("read");
            HttpResponse<String> two = get("/api/me", "Authorization", "Bearer " + token,
                    "Authorization", "Bearer " + token);
            assertThat(two.statusCode()).isEqualTo(400);
        }
    }
}
