package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;

/**
 * The HTTP contract: what every web adapter must do over the wire. An adapter module extends it
 * with a few lines that start its framework's <strong>real server on port 0</strong>, serving the
 * given Provider at the root and a protected resource; the suite sends real HTTP requests.
 *
 * <p>The subclass serves:
 * <ul>
 * <li>every path of {@link Provider#paths()} through the adapter, at {@code base + path};</li>
 * <li>{@code GET base + "/api/me"} protected by the adapter's bearer-token idiom with required scope
 *     {@code read}, answering 200 {@code application/json} {@code {"sub":"<sub>","client_id":"<id>"}}
 *     from the validated token (sub may be absent for client-credentials tokens);</li>
 * <li>{@code GET base + "/api/write"} protected the same way with required scope {@code write},
 *     answering 200 with any body.</li>
 * </ul>
 */
public abstract class HttpContract {
    protected static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    protected MutableClock clock;
    protected Stores stores;
    protected Provider provider;
    protected URI base;

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

    /** The Provider the suite runs against; override to change options. */
    protected Provider createProvider(MutableClock clock, Stores stores) {
        return ContractFixture.provider(stores.tokens(), stores.codes(), clock);
    }

    @BeforeEach
    void startUnderTest() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
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
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs a raw body with a content type and optional extra headers (name, value, ...). */
    protected HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(base.getPath() + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> postForm(String path, String body, String... headers) throws Exception {
        return post(path, "application/x-www-form-urlencoded", body, headers);
    }

    protected HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A client_credentials token for {@code abc}. */
    protected String clientCredentialsToken(String scope) throws Exception {
        HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials", "scope", scope)),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonFields.string(r.body(), "access_token");
    }

    // ---- the contract ----

    @Test
    @DisplayName("R34 metadata is served at /.well-known/oauth-authorization-server with the configured issuer")
    void metadata() throws Exception {
        HttpResponse<String> r = get("/.well-known/oauth-authorization-server");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(JsonFields.string(r.body(), "issuer")).isEqualTo(ContractFixture.ISSUER);
        assertThat(r.body()).contains("\"authorization_response_iss_parameter_supported\":true");
    }

    @Test
    @DisplayName("R18 client credentials over HTTP: JSON token response with no-store headers")
    void clientCredentials() throws Exception {
        HttpResponse<String> r = postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
        assertThat(JsonFields.string(r.body(), "token_type")).isEqualTo("Bearer");
        assertThat(JsonFields.string(r.body(), "access_token")).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    @DisplayName("R31 the protected resource answers a valid token, and refuses a missing one with a Bearer challenge")
    void protectedResource() throws Exception {
        String token = clientCredentialsToken("read");
        HttpResponse<String> ok = get("/api/me", "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JsonFields.string(ok.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
        HttpResponse<String> missing = get("/api/me");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=");
        HttpResponse<String> invalid = get("/api/me", "Authorization", "Bearer not-a-real-token");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(invalid.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        HttpResponse<String> scope = get("/api/write", "Authorization", "Bearer " + token);
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"insufficient_scope\"");
    }
}
