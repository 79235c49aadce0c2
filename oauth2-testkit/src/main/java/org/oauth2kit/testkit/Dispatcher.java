package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.oauth2kit.BearerResult;
import org.oauth2kit.Provider;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Drives a Provider through {@link Provider#dispatch} with hand-built requests, the way an
 * adapter would, and walks the common flows. Used by the contracts; handy in a store module's
 * own tests too (e.g. two Providers sharing one backend).
 */
public final class Dispatcher {
    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    public static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private final Provider provider;

    public Dispatcher(Provider provider) {
        this.provider = provider;
    }

    public Provider provider() {
        return provider;
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** {@code k=v&k=v}, encoded. */
    public static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(enc(kv[i])).append('=').append(enc(kv[i + 1]));
        }
        return sb.toString();
    }

    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((enc(id) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8));
    }

    public Response send(Request request) {
        return provider.dispatch(request, Map.of());
    }

    /** POST with a form body and headers (name, value, ...). */
    public Response post(String path, String body, String... headers) {
        return post(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public Response post(String path, String contentType, byte[] body, String... headers) {
        Request.Builder b = Request.builder("POST", path).body(body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    public Response get(String path, String rawQuery, String... headers) {
        Request.Builder b = Request.builder("GET", path).rawQuery(rawQuery);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** The token endpoint with client {@code id}/{@code secret} by HTTP Basic. */
    public Response tokenAs(String id, String secret, String... kv) {
        return post("/token", form(kv), "Authorization", basic(id, secret));
    }

    /** The token endpoint for {@code abc}/{@code xyz}. */
    public Response token(String... kv) {
        return tokenAs(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, kv);
    }

    /**
     * The token endpoint for {@code abc}/{@code xyz} through {@link Provider#dispatchAsync}, as an
     * adapter that suspends requests calls it: the store saves with {@code saveTokenAsync}. Waits
     * for the answer.
     */
    public Response tokenWithoutWaiting(String... kv) {
        Request request = Request.builder("POST", "/token").body(form(kv).getBytes(StandardCharsets.UTF_8))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET))
                .build();
        return provider.dispatchAsync(request, Map.of()).toCompletableFuture().join();
    }

    /** A consented authorization request for alice (POST, as a consent form would send it). */
    public Response authorize(String query) {
        return send(Request.builder("POST", "/authorize").rawQuery(query)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                        "consent", "allow").getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** A code for {@code clientId} with the RFC 7636 Appendix B challenge, scope {@code read write}. */
    public String code(String clientId) {
        Response r = authorize(form("response_type", "code", "client_id", clientId, "redirect_uri",
                ContractFixture.REDIRECT_URI, "scope", "read write", "state", "s1", "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));
        assertThat(r.status()).as(r.header("Location")).isEqualTo(302);
        String code = Wire.query(r.header("Location")).get("code");
        assertThat(code).as(r.header("Location")).isNotNull();
        return code;
    }

    /** Redeems a code from {@link #code} for abc. */
    public Response redeem(String code) {
        return token("grant_type", "authorization_code", "code", code, "redirect_uri", ContractFixture.REDIRECT_URI,
                "code_verifier", VERIFIER);
    }

    /** Token response of a fresh code grant for abc (access + refresh token). */
    public Response codeGrant() {
        Response r = redeem(code(ContractFixture.CLIENT_ID));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    public Response refresh(String refreshToken) {
        return token("grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    public BearerResult bearer(String accessToken, String... scopes) {
        return provider.validateBearer(Request.builder("GET", "/api").header("Authorization", "Bearer " + accessToken)
                .build(), scopes);
    }

    public static String field(Response r, String name) {
        return JsonFields.string(r.body(), name);
    }
}
