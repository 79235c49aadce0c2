package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_SECRET;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.ContractFixture.PUBLIC_CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.REDIRECT_URI;
import static org.oauth2kit.testkit.Dispatcher.CHALLENGE;
import static org.oauth2kit.testkit.Dispatcher.VERIFIER;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.BearerResult;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.ResourceOwnerGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * The protocol contract: the requirements of {@code protocol-requirements.md} proven through
 * {@link Provider#dispatch} against a store module's real stores. Every store module runs it, so a
 * store cannot break the protocol (atomicity, family revocation, expiry) unnoticed.
 */
public abstract class ProviderContract {
    protected MutableClock clock;
    protected Stores stores;
    protected Dispatcher d;

    /** Creates stores on a real backend; called before every test. */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    protected void closeStores() throws Exception {
    }

    @BeforeEach
    void setUpProvider() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
        d = new Dispatcher(ContractFixture.provider(stores.tokens(), stores.codes(), clock));
    }

    @AfterEach
    void tearDownProvider() throws Exception {
        closeStores();
    }

    /** A Provider on the same stores with changed options. */
    protected Dispatcher with(Consumer<Provider.Builder> options) {
        return new Dispatcher(ContractFixture.provider(stores.tokens(), stores.codes(), clock, options));
    }

    private static void assertOAuthError(Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(field(r, "error")).as(r.body()).isEqualTo(error);
        assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    private static void assertRedirectError(Response r, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        Map<String, String> q = Wire.query(r.header("Location"));
        assertThat(q.get("error")).as(r.header("Location")).isEqualTo(error);
        assertThat(Wire.target(r.header("Location"))).isEqualTo(REDIRECT_URI);
        assertThat(q.get("iss")).isEqualTo(ContractFixture.ISSUER);
    }

    private static void assertErrorPage(Response r) {
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.header("Location")).isNull();
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("<html").doesNotContain("Exception");
    }

    private String authorizeQuery(String... extra) {
        List<String> kv = new ArrayList<>(List.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri",
                REDIRECT_URI, "state", "xyz", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
        kv.addAll(List.of(extra));
        return form(kv.toArray(String[]::new));
    }

    // ---------------------------------------------------------------- clients

    @Test
    @DisplayName("R1 a confidential client authenticates by HTTP Basic and by client_secret_post alike")
    void r1BothMethods() {
        assertThat(d.token("grant_type", "client_credentials").status()).isEqualTo(200);
        Response post = d.post("/token", form("grant_type", "client_credentials", "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R1 HTTP Basic with form-urlencoded id and secret is decoded (RFC 6749 §2.3.1)")
    void r1BasicEncoding() {
        Response r = d.post("/token", form("grant_type", "client_credentials"), "Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("abc:%78%79%7A".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R1 two authentication methods in one request are invalid_request")
    void r1TwoMethods() {
        Response r = d.post("/token", form("grant_type", "client_credentials", "client_secret", CLIENT_SECRET),
                "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    @DisplayName("R2 unknown client and wrong secret get the same 401 invalid_client, with a Basic challenge when Basic was tried")
    void r2SameAnswer() {
        Response unknown = d.tokenAs("nobody", CLIENT_SECRET, "grant_type", "client_credentials");
        Response wrong = d.tokenAs(CLIENT_ID, "wrong", "grant_type", "client_credentials");
        assertOAuthError(unknown, 401, "invalid_client");
        assertOAuthError(wrong, 401, "invalid_client");
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo(unknown.header("WWW-Authenticate"));
        Response body = d.post("/token", form("grant_type", "client_credentials", "client_id", CLIENT_ID,
                "client_secret", "wrong"));
        assertOAuthError(body, 401, "invalid_client");
        assertThat(body.header("WWW-Authenticate")).isNull();
    }

    @Test
    @DisplayName("R2 a confidential client without its secret, or no client at all, is invalid_client")
    void r2MissingSecret() {
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials", "client_id", CLIENT_ID)), 401,
                "invalid_client");
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials")), 401, "invalid_client");
    }

    @Test
    @DisplayName("R4 a public client uses the code grant with PKCE and refreshes, but never client_credentials or password")
    void r4PublicClient() {
        Response auth = d.authorize(form("response_type", "code", "client_id", PUBLIC_CLIENT_ID, "code_challenge",
                CHALLENGE, "code_challenge_method", "S256"));
        String code = Wire.query(auth.header("Location")).get("code");
        Response tokens = d.post("/token", form("grant_type", "authorization_code", "code", code, "client_id",
                PUBLIC_CLIENT_ID, "code_verifier", VERIFIER));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        Response refreshed = d.post("/token", form("grant_type", "refresh_token", "client_id", PUBLIC_CLIENT_ID,
                "refresh_token", field(tokens, "refresh_token")));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials", "client_id", PUBLIC_CLIENT_ID)),
                400, "unauthorized_client");
        assertOAuthError(d.post("/token", form("grant_type", "password", "client_id", PUBLIC_CLIENT_ID, "username",
                "alice", "password", "wonderland")), 400, "unauthorized_client");
    }

    @Test
    @DisplayName("R4 a public client without PKCE is refused at the authorization endpoint")
    void r4PublicNeedsPkce() {
        Response r = d.authorize(form("response_type", "code", "client_id", PUBLIC_CLIENT_ID));
        assertRedirectError(r, "invalid_request");
    }

    @Test
    @DisplayName("R5 a grant or response type the client may not use is unauthorized_client, checked after authentication")
    void r5Unauthorized() {
        Response r = d.tokenAs(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET, "grant_type",
                "password", "username", "alice", "password", "wonderland");
        assertOAuthError(r, 400, "unauthorized_client");
        Response stranger = d.tokenAs(ContractFixture.CC_ONLY_CLIENT_ID, "wrong", "grant_type", "password",
                "username", "alice", "password", "wonderland");
        assertOAuthError(stranger, 401, "invalid_client");
        Response implicit = d.authorize(form("response_type", "token", "client_id", PUBLIC_CLIENT_ID));
        assertThat(Wire.fragment(implicit.header("Location")).get("error")).isEqualTo("unauthorized_client");
    }

    // ---------------------------------------------------------------- authorization endpoint

    @Test
    @DisplayName("R6 missing or unknown client_id, or a redirect_uri not exactly registered, is a 400 page, never a redirect")
    void r6NeverRedirected() {
        assertErrorPage(d.get("/authorize", form("response_type", "code")));
        assertErrorPage(d.get("/authorize", form("response_type", "code", "client_id", "nobody")));
        assertErrorPage(d.get("/authorize", form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri",
                REDIRECT_URI + "/")));
        assertErrorPage(d.get("/authorize", form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri",
                "http://evil.example/callback")));
        assertErrorPage(d.get("/authorize", form("response_type", "code", "client_id", CLIENT_ID, "redirect_uri",
                "HTTP://localhost:8081/callback")));
    }

    @Test
    @DisplayName("R6 without redirect_uri a client with one registered URI uses it; with several it is an error page")
    void r6DefaultRedirect() {
        Response one = d.authorize(form("response_type", "code", "client_id", CLIENT_ID, "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));
        assertThat(one.status()).isEqualTo(302);
        assertThat(Wire.target(one.header("Location"))).isEqualTo(REDIRECT_URI);
        assertErrorPage(d.authorize(form("response_type", "code", "client_id", CLIENT2_ID)));
    }

    @Test
    @DisplayName("R7 errors after the client is known are redirected: query for code, fragment for token")
    void r7Redirected() {
        assertRedirectError(d.authorize(authorizeQuery().replace("response_type=code", "response_type=foo")),
                "unsupported_response_type");
        assertRedirectError(d.authorize(authorizeQuery("scope", "admin")), "invalid_scope");
        Response token = d.authorize(form("response_type", "token", "client_id", CLIENT_ID, "scope", "admin",
                "state", "st"));
        Map<String, String> f = Wire.fragment(token.header("Location"));
        assertThat(f.get("error")).isEqualTo("invalid_scope");
        assertThat(f.get("error_description")).isNotBlank();
        assertThat(f.get("state")).isEqualTo("st");
        assertThat(Wire.query(token.header("Location"))).isEmpty();
        Response missingType = d.authorize(form("client_id", CLIENT_ID, "state", "st"));
        assertRedirectError(missingType, "invalid_request");
    }

    @Test
    @DisplayName("R7 a store that is down during authorization redirects temporarily_unavailable")
    void r7TemporarilyUnavailable() {
        FailingStores failing = new FailingStores(stores);
        Dispatcher down = new Dispatcher(ContractFixture.builder(failing, failing, ContractFixture.clients(), clock)
                .build());
        failing.down(true);
        assertRedirectError(down.authorize(authorizeQuery()), "temporarily_unavailable");
    }

    @Test
    @DisplayName("R8 state is echoed verbatim in success and error redirects")
    void r8State() {
        String state = "a b&c=d/é?#%20";
        Response ok = d.authorize(authorizeQuery().replace("state=xyz", "state=" + Dispatcher.enc(state)));
        assertThat(Wire.query(ok.header("Location")).get("state")).isEqualTo(state);
        Response err = d.authorize(authorizeQuery("scope", "admin").replace("state=xyz",
                "state=" + Dispatcher.enc(state)));
        assertThat(Wire.query(err.header("Location")).get("state")).isEqualTo(state);
        Response implicit = d.authorize(form("response_type", "token", "client_id", CLIENT_ID, "state", state));
        assertThat(Wire.fragment(implicit.header("Location")).get("state")).isEqualTo(state);
    }

    @Test
    @DisplayName("R9 every authorization response carries iss, and the metadata says so")
    void r9Iss() {
        Response ok = d.authorize(authorizeQuery());
        assertThat(Wire.query(ok.header("Location")).get("iss")).isEqualTo(ContractFixture.ISSUER);
        Response denied = d.send(Request.builder("POST", "/authorize").rawQuery(authorizeQuery())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("consent=deny".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(Wire.query(denied.header("Location")).get("iss")).isEqualTo(ContractFixture.ISSUER);
        Response implicit = d.authorize(form("response_type", "token", "client_id", CLIENT_ID));
        assertThat(Wire.fragment(implicit.header("Location")).get("iss")).isEqualTo(ContractFixture.ISSUER);
        assertThat(d.get("/.well-known/oauth-authorization-server", null).body())
                .contains("\"authorization_response_iss_parameter_supported\":true");
    }

    @Test
    @DisplayName("R10 PKCE S256 with the RFC 7636 Appendix B vector; a wrong or missing verifier is invalid_grant")
    void r10S256() {
        String code = d.code(CLIENT_ID);
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "code_verifier", VERIFIER.replace('d', 'e')), 400, "invalid_grant");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "code_verifier", "short"), 400, "invalid_grant");
        // failed attempts did not burn the code: the right verifier still works
        assertThat(d.redeem(code).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R10 plain is refused unless enabled, and a challenge-less code refuses a code_verifier")
    void r10PlainAndDowngrade() {
        assertRedirectError(d.authorize(authorizeQuery().replace("code_challenge_method=S256",
                "code_challenge_method=plain")), "invalid_request");
        assertRedirectError(d.authorize(form("response_type", "code", "client_id", CLIENT_ID, "code_challenge",
                VERIFIER)), "invalid_request"); // method defaults to plain
        Dispatcher plain = with(b -> b.allowPlainPkce(true));
        Response ok = plain.authorize(form("response_type", "code", "client_id", CLIENT_ID, "code_challenge", VERIFIER,
                "code_challenge_method", "plain"));
        String plainCode = Wire.query(ok.header("Location")).get("code");
        assertThat(plain.token("grant_type", "authorization_code", "code", plainCode, "code_verifier", VERIFIER)
                .status()).isEqualTo(200);
        Response noPkce = d.authorize(form("response_type", "code", "client_id", CLIENT_ID));
        String code = Wire.query(noPkce.header("Location")).get("code");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER), 400,
                "invalid_grant");
    }

    @Test
    @DisplayName("R10 requirePkce makes PKCE mandatory for confidential clients too; malformed challenges are refused")
    void r10RequireForAll() {
        Dispatcher strict = with(b -> b.requirePkce(true));
        assertRedirectError(strict.authorize(form("response_type", "code", "client_id", CLIENT_ID)), "invalid_request");
        assertRedirectError(d.authorize(authorizeQuery().replace(CHALLENGE, "tooshort")), "invalid_request");
        assertRedirectError(d.authorize(authorizeQuery().replace("code_challenge_method=S256",
                "code_challenge_method=S512")), "invalid_request");
    }

    @Test
    @DisplayName("R11 GET renders the SiteAdapter's page; POST with consent issues a code; deny is access_denied")
    void r11GetAndPost() {
        Response page = d.get("/authorize", authorizeQuery());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains("<form method=\"POST\"");
        assertThat(Wire.query(d.authorize(authorizeQuery()).header("Location"))).containsKey("code");
        Response denied = d.send(Request.builder("POST", "/authorize").rawQuery(authorizeQuery())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form("username", "alice", "password", "wonderland", "consent", "deny")
                        .getBytes(StandardCharsets.UTF_8)).build());
        assertRedirectError(denied, "access_denied");
        assertThat(Wire.query(denied.header("Location")).get("state")).isEqualTo("xyz");
    }

    @Test
    @DisplayName("R11 the authorization endpoint refuses other methods with 405 and a page")
    void r11Methods() {
        Response r = d.send(Request.builder("PUT", "/authorize").rawQuery(authorizeQuery()).build());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Location")).isNull();
    }

    @Test
    @DisplayName("R12 a repeated parameter is invalid_request at the authorization and token endpoints")
    void r12Repeated() {
        assertRedirectError(d.authorize(authorizeQuery("scope", "read", "scope", "write")), "invalid_request");
        assertErrorPage(d.authorize(authorizeQuery("client_id", CLIENT_ID)));
        assertOAuthError(d.token("grant_type", "client_credentials", "scope", "read", "scope", "write"), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&grant_type=client_credentials",
                "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
        Response code = d.codeGrant();
        assertOAuthError(d.post("/revoke", form("token", field(code, "access_token"), "token",
                field(code, "access_token")), "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
        assertOAuthError(d.post("/introspect", form("token", "a", "token", "b"), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
    }

    // ---------------------------------------------------------------- codes

    @Test
    @DisplayName("R13 codes are long random strings that expire after 60 seconds by default")
    void r13Lifetime() {
        String code = d.code(CLIENT_ID);
        assertThat(code).matches("[A-Za-z0-9_-]{43}");
        assertThat(d.code(CLIENT_ID)).isNotEqualTo(code);
        clock.advance(Duration.ofSeconds(61));
        assertOAuthError(d.redeem(code), 400, "invalid_grant");
        String fresh = d.code(CLIENT_ID);
        clock.advance(Duration.ofSeconds(59));
        assertThat(d.redeem(fresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R13 a redirect_uri sent when authorizing must be sent again, identical, to the token endpoint")
    void r13RedirectUriBinding() {
        String code = d.code(CLIENT_ID);
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri",
                REDIRECT_URI + "?x", "code_verifier", VERIFIER), 400, "invalid_grant");
        assertThat(d.redeem(code).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R13 the code binds scopes and the SiteAdapter's user data into the tokens")
    void r13Binding() {
        Response tokens = d.codeGrant();
        assertThat(field(tokens, "scope")).isEqualTo("read write");
        Response intro = d.post("/introspect", form("token", field(tokens, "access_token")), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(field(intro, "sub")).isEqualTo("alice");
        assertThat(field(intro, "client_id")).isEqualTo(CLIENT_ID);
    }

    @Test
    @DisplayName("R14 when many requests redeem one code at once, exactly one gets tokens")
    void r14Concurrent() throws Exception {
        for (int round = 0; round < 5; round++) {
            String code = d.code(CLIENT_ID);
            List<Response> results = race(16, () -> d.redeem(code));
            assertThat(results.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
            assertThat(results.stream().filter(r -> r.status() == 400).count()).isEqualTo(15);
        }
    }

    @Test
    @DisplayName("R15 a second redemption is invalid_grant and revokes every token issued from the code")
    void r15SecondRedemption() {
        String code = d.code(CLIENT_ID);
        Response first = d.redeem(code);
        String access = field(first, "access_token");
        String refresh = field(first, "refresh_token");
        Response refreshed = d.refresh(refresh);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(d.bearer(access).isAuthorized()).isTrue();
        assertOAuthError(d.redeem(code), 400, "invalid_grant");
        assertThat(d.bearer(access).isAuthorized()).isFalse();
        assertThat(d.bearer(field(refreshed, "access_token")).isAuthorized()).isFalse();
        assertOAuthError(d.refresh(field(refreshed, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R16 a client cannot redeem another client's code, and cannot burn it either")
    void r16OtherClient() {
        String code = d.code(CLIENT_ID);
        assertOAuthError(d.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER), 400, "invalid_grant");
        assertThat(d.redeem(code).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- token endpoint

    @Test
    @DisplayName("R17 the token endpoint takes POST with a form body only; other requests get JSON errors")
    void r17PostFormOnly() {
        Response get = d.get("/token", form("grant_type", "client_credentials"), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertOAuthError(get, 405, "invalid_request");
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertOAuthError(d.post("/token", "application/json", "{\"grant_type\":\"client_credentials\"}"
                .getBytes(StandardCharsets.UTF_8), "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", null, "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8),
                "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
        Response charset = d.post("/token", "application/x-www-form-urlencoded; charset=UTF-8",
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(charset.status()).isEqualTo(200);
        assertThat(charset.header("Pragma")).isEqualTo("no-cache");
    }

    @Test
    @DisplayName("R18 a code grant returns access_token, token_type Bearer, expires_in, scope and refresh_token")
    void r18Success() {
        Response r = d.codeGrant();
        assertThat(field(r, "access_token")).isNotBlank();
        assertThat(field(r, "token_type")).isEqualTo("Bearer");
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(3600L);
        assertThat(field(r, "scope")).isEqualTo("read write");
        assertThat(field(r, "refresh_token")).isNotBlank();
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Pragma")).isEqualTo("no-cache");
        Response password = d.token("grant_type", "password", "username", "alice", "password", "wonderland");
        assertThat(field(password, "refresh_token")).isNotBlank();
        assertThat(field(password, "scope")).isEqualTo("read");
    }

    @Test
    @DisplayName("R19 a fault in application code is a 500 JSON server_error without a stack trace")
    void r19ServerError() {
        SiteAdapter broken = new SiteAdapter() {
            @Override
            public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                    Client client) {
                throw new IllegalStateException("database password is hunter2");
            }

            @Override
            public Map<String, String> authenticateResourceOwner(String username, String password, Request request,
                    Map<String, Object> environ, List<String> scopes, Client client) {
                throw new IllegalStateException("database password is hunter2");
            }

            @Override
            public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                    List<String> scopes, Client client) {
                return response;
            }

            @Override
            public boolean userHasDeniedAccess(Request request) {
                return false;
            }
        };
        Dispatcher bad = with(b -> b.siteAdapter(broken));
        Response r = bad.token("grant_type", "password", "username", "alice", "password", "wonderland");
        assertOAuthError(r, 500, "server_error");
        assertThat(r.body()).doesNotContain("hunter2").doesNotContain("IllegalState");
        Response auth = bad.authorize(authorizeQuery());
        assertRedirectError(auth, "server_error");
    }

    @Test
    @DisplayName("R38 a SiteAdapter written the python-oauth2 way cannot be steered into its password branch at the authorization endpoint")
    void r38PythonShapedSiteAdapter() {
        SiteAdapter pythonShaped = new SiteAdapter() {
            // The seed's shape: one method for both endpoints, branching on grant_type.
            @Override
            public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                    Client client) {
                boolean right = "alice".equals(request.postParam("username"))
                        && "wonderland".equals(request.postParam("password"));
                if (right && ("password".equals(request.postParam("grant_type"))
                        || "password".equals(request.getParam("grant_type")))) {
                    return Map.of("sub", "alice");
                }
                throw new org.oauth2kit.error.UserNotAuthenticated();
            }

            @Override
            public Map<String, String> authenticateResourceOwner(String username, String password, Request request,
                    Map<String, Object> environ, List<String> scopes, Client client) {
                return authenticate(request, environ, scopes, client);
            }

            @Override
            public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                    List<String> scopes, Client client) {
                return response.withBody("<form method=\"POST\"></form>");
            }
        };
        Dispatcher py = with(b -> b.siteAdapter(pythonShaped));
        String credentials = form("username", "alice", "password", "wonderland");
        for (List<String> attack : List.of(List.of(authorizeQuery(), "grant_type=password&" + credentials),
                List.of(authorizeQuery("grant_type", "password"), credentials))) {
            Response r = py.send(Request.builder("POST", "/authorize").rawQuery(attack.get(0))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(attack.get(1).getBytes(StandardCharsets.UTF_8)).build());
            assertThat(r.status()).as(r.header("Location")).isEqualTo(200);
            assertThat(r.header("Location")).isNull();
        }
        assertThat(py.token("grant_type", "password", "username", "alice", "password", "wonderland").status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("R38 the password grant needs a SiteAdapter with authenticateResourceOwner: refused at build, not at run time")
    void r38PasswordGrantNeedsItsOwnCheck() {
        SiteAdapter consentOnly = new SiteAdapter() {
            @Override
            public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                    Client client) {
                throw new org.oauth2kit.error.UserNotAuthenticated();
            }

            @Override
            public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                    List<String> scopes, Client client) {
                return response;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> with(b -> b.siteAdapter(consentOnly)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("authenticateResourceOwner");
        Dispatcher ccOnly = new Dispatcher(Provider.builder().issuer(ContractFixture.ISSUER)
                .accessTokenStore(stores.tokens()).authCodeStore(stores.codes()).clientStore(ContractFixture.clients())
                .siteAdapter(consentOnly).clock(clock).grant(new ClientCredentialsGrant()).build());
        assertThat(ccOnly.token("grant_type", "client_credentials").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the open engine

    @Test
    @DisplayName("R40 an extension grant written on the public SPI issues tokens that refresh, introspect, revoke and protect")
    void r40ExtensionGrant() {
        Response r = d.token("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key", ContractFixture.API_KEY, "scope",
                "read write");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(field(r, "token_type")).isEqualTo("Bearer");
        assertThat(field(r, "scope")).isEqualTo("read write");
        BearerResult bearer = d.bearer(field(r, "access_token"), "write");
        assertThat(bearer).isInstanceOf(BearerResult.Authorized.class);
        assertThat(((BearerResult.Authorized) bearer).token().subject()).isEqualTo("alice");
        assertThat(((BearerResult.Authorized) bearer).token().grantType()).isEqualTo(ApiKeyGrant.GRANT_TYPE);

        Response refreshed = d.refresh(field(r, "refresh_token"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertOAuthError(d.refresh(field(r, "refresh_token")), 400, "invalid_grant");
        assertThat(d.bearer(field(refreshed, "access_token"))).as("reuse revoked the family")
                .isInstanceOf(BearerResult.Rejected.class);

        assertOAuthError(d.token("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key", "guess"), 400, "invalid_grant");
        assertOAuthError(d.token("grant_type", ApiKeyGrant.GRANT_TYPE), 400, "invalid_request");
        assertOAuthError(d.token("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key", ContractFixture.API_KEY, "scope",
                "admin"), 400, "invalid_scope");
        assertOAuthError(d.tokenAs(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET, "grant_type",
                ApiKeyGrant.GRANT_TYPE, "api_key", ContractFixture.API_KEY), 400, "unauthorized_client");
        assertOAuthError(d.post("/token", form("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key",
                ContractFixture.API_KEY, "client_id", PUBLIC_CLIENT_ID)), 400, "unauthorized_client");
    }

    @Test
    @DisplayName("R40 a grant registered twice replaces the first; a grant that is neither a token nor an authorization grant is refused")
    void r40Registration() {
        Dispatcher longLived = with(b -> b.grant(new ClientCredentialsGrant(new Scope(ContractFixture.SCOPES, "read"))
                .expiresIn(Duration.ofMinutes(5))));
        assertThat(JsonFields.number(longLived.token("grant_type", "client_credentials").body(), "expires_in"))
                .isEqualTo(300L);
        org.oauth2kit.grant.Grant neither = new org.oauth2kit.grant.Grant() {
            @Override
            public String grantType() {
                return "urn:example:nothing";
            }

            @Override
            public org.oauth2kit.grant.ScopePolicy scope() {
                return new Scope();
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> with(b -> b.grant(neither)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("R41 a scope policy of the application's own decides per client; Scope.dropUnknown leaves out unknown scopes and names the granted ones")
    void r41ScopePolicies() {
        org.oauth2kit.grant.ScopePolicy perClient = (requested, client) -> client.clientId().equals(CLIENT_ID)
                ? List.of("read", "write") : List.of("read");
        Dispatcher custom = with(b -> b.grant(new ClientCredentialsGrant(perClient)));
        assertThat(field(custom.token("grant_type", "client_credentials"), "scope")).isEqualTo("read write");
        assertThat(field(custom.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", "client_credentials"), "scope"))
                .isEqualTo("read");

        Scope lenient = new Scope(ContractFixture.SCOPES, "read").dropUnknown();
        Dispatcher dropping = with(b -> b.grant(new ClientCredentialsGrant(lenient)));
        assertThat(field(dropping.token("grant_type", "client_credentials", "scope", "write admin"), "scope"))
                .isEqualTo("write");
        assertThat(field(dropping.token("grant_type", "client_credentials", "scope", "admin"), "scope"))
                .isEqualTo("read");
        assertOAuthError(d.token("grant_type", "client_credentials", "scope", "write admin"), 400, "invalid_scope");

        Dispatcher ignoring = with(b -> b.grant(new ClientCredentialsGrant()));
        Response ignored = ignoring.token("grant_type", "client_credentials", "scope", "anything at all");
        assertThat(ignored.status()).isEqualTo(200);
        assertThat(ignored.body()).doesNotContain("\"scope\"");
    }

    @Test
    @DisplayName("R43 expires_in per grant (python-oauth2 1.x): each built-in grant may set its own access-token lifetime")
    void r43ExpiresInPerGrant() {
        Scope scope = new Scope(ContractFixture.SCOPES, "read");
        Dispatcher custom = with(b -> b.grant(new AuthorizationCodeGrant(scope).expiresIn(Duration.ofMinutes(2)))
                .grant(new ResourceOwnerGrant(scope).expiresIn(Duration.ofMinutes(3)))
                .grant(new ImplicitGrant(scope).expiresIn(Duration.ofMinutes(4))));
        assertThat(JsonFields.number(custom.codeGrant().body(), "expires_in").longValue()).isEqualTo(120);
        Response password = custom.token("grant_type", "password", "username", "alice", "password", "wonderland");
        assertThat(JsonFields.number(password.body(), "expires_in").longValue()).isEqualTo(180);
        Response implicit = custom.authorize(form("response_type", "token", "client_id", CLIENT_ID, "redirect_uri",
                REDIRECT_URI, "state", "s"));
        assertThat(Wire.fragment(implicit.header("Location")).get("expires_in")).isEqualTo("240");
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(custom.bearer(field(password, "access_token"))).isInstanceOf(BearerResult.Authorized.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(custom.bearer(field(password, "access_token"))).isInstanceOf(BearerResult.Rejected.class);
    }

    @Test
    @DisplayName("R20 an unknown grant_type is unsupported_grant_type")
    void r20UnknownGrant() {
        assertOAuthError(d.token("grant_type", "urn:example:magic"), 400, "unsupported_grant_type");
        assertOAuthError(d.token("grant_type", "implicit"), 400, "unsupported_grant_type");
        assertOAuthError(d.token("scope", "read"), 400, "invalid_request");
        Dispatcher ccOnly = new Dispatcher(Provider.builder().issuer(ContractFixture.ISSUER)
                .accessTokenStore(stores.tokens()).authCodeStore(stores.codes()).clientStore(ContractFixture.clients())
                .siteAdapter(new ContractSiteAdapter()).clock(clock).grant(new ClientCredentialsGrant()).build());
        assertOAuthError(ccOnly.token("grant_type", "password", "username", "alice", "password", "wonderland"), 400,
                "unsupported_grant_type");
    }

    @Test
    @DisplayName("R21 a wrong username or password is invalid_grant, not invalid_client")
    void r21Password() {
        assertOAuthError(d.token("grant_type", "password", "username", "alice", "password", "nope"), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "password", "username", "bob", "password", "wonderland"), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "password", "username", "alice"), 400, "invalid_request");
        assertThat(d.token("grant_type", "password", "username", "alice", "password", "wonderland").status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("R22 client credentials: confidential clients only, and never a refresh token")
    void r22ClientCredentials() {
        Response r = d.token("grant_type", "client_credentials", "scope", "read write");
        assertThat(r.status()).isEqualTo(200);
        assertThat(field(r, "refresh_token")).isNull();
        assertThat(field(r, "scope")).isEqualTo("read write");
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials", "client_id", PUBLIC_CLIENT_ID)),
                400, "unauthorized_client");
    }

    // ---------------------------------------------------------------- refresh tokens

    @Test
    @DisplayName("R23 a refresh token is bound to its client: another client gets invalid_grant and cannot burn it")
    void r23Bound() {
        String refresh = field(d.codeGrant(), "refresh_token");
        assertOAuthError(d.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", "refresh_token", "refresh_token", refresh),
                400, "invalid_grant");
        assertThat(d.refresh(refresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R24 a refresh may narrow the scope but not widen it; omitted means the original")
    void r24Scope() {
        Response password = d.token("grant_type", "password", "username", "alice", "password", "wonderland", "scope",
                "read");
        assertOAuthError(d.token("grant_type", "refresh_token", "refresh_token", field(password, "refresh_token"),
                "scope", "read write"), 400, "invalid_scope");
        Response same = d.refresh(field(password, "refresh_token"));
        assertThat(field(same, "scope")).isEqualTo("read");
        Response wide = d.codeGrant();
        Response narrowed = d.token("grant_type", "refresh_token", "refresh_token", field(wide, "refresh_token"),
                "scope", "write");
        assertThat(narrowed.status()).isEqualTo(200);
        assertThat(field(narrowed, "scope")).isEqualTo("write");
    }

    @Test
    @DisplayName("R25 rotation: each refresh returns a new refresh token; reusing a retired one revokes the family")
    void r25Rotation() {
        Response first = d.codeGrant();
        Response second = d.refresh(field(first, "refresh_token"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(field(second, "refresh_token")).isNotEqualTo(field(first, "refresh_token"));
        Response third = d.refresh(field(second, "refresh_token"));
        assertThat(third.status()).isEqualTo(200);
        assertOAuthError(d.refresh(field(first, "refresh_token")), 400, "invalid_grant");
        assertThat(d.bearer(field(third, "access_token")).isAuthorized()).isFalse();
        assertOAuthError(d.refresh(field(third, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R25 rotation can be turned off: the same refresh token keeps working")
    void r25NoRotation() {
        Dispatcher keep = with(b -> b.grant(RefreshToken.builder().scope(new Scope(ContractFixture.SCOPES, "read"))
                .rotation(false).build()));
        Response first = keep.redeem(keep.code(CLIENT_ID));
        String refresh = field(first, "refresh_token");
        Response again = keep.refresh(refresh);
        assertThat(again.status()).isEqualTo(200);
        assertThat(field(again, "refresh_token")).isEqualTo(refresh);
        assertThat(keep.refresh(refresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R26 many concurrent refreshes with one token: exactly one succeeds")
    void r26Concurrent() throws Exception {
        for (int round = 0; round < 5; round++) {
            String refresh = field(d.codeGrant(), "refresh_token");
            List<Response> results = race(16, () -> d.refresh(refresh));
            assertThat(results.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("R27 the seed's RefreshToken(expires_in) sets the access-token lifetime; refresh tokens live separately")
    void r27Lifetimes() {
        Dispatcher seed = with(b -> b.grant(new RefreshToken(600)).accessTokenLifetime(Duration.ofSeconds(1200)));
        Response r = seed.redeem(seed.code(CLIENT_ID));
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(600L);
        assertThat(JsonFields.number(seed.token("grant_type", "client_credentials").body(), "expires_in"))
                .isEqualTo(1200L);
        clock.advance(Duration.ofSeconds(601));
        assertThat(seed.bearer(field(r, "access_token")).isAuthorized()).isFalse();
        Response refreshed = seed.refresh(field(r, "refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        clock.advance(RefreshToken.DEFAULT_REFRESH_TOKEN_LIFETIME.plusSeconds(1));
        assertOAuthError(seed.refresh(field(refreshed, "refresh_token")), 400, "invalid_grant");
    }

    // ---------------------------------------------------------------- tokens at rest

    @Test
    @DisplayName("R28 tokens are 256-bit base64url strings, all different")
    void r28Random() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            Response r = d.token("grant_type", "client_credentials");
            String token = field(r, "access_token");
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    @DisplayName("R29 a raw dump of the store holds no token, code or secret after every flow")
    void r29RawDump() {
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, CLIENT2_SECRET));
        String code = d.code(CLIENT_ID);
        secrets.add(code);
        Response tokens = d.redeem(code);
        secrets.add(field(tokens, "access_token"));
        secrets.add(field(tokens, "refresh_token"));
        Response refreshed = d.refresh(field(tokens, "refresh_token"));
        secrets.add(field(refreshed, "access_token"));
        secrets.add(field(refreshed, "refresh_token"));
        Response password = d.token("grant_type", "password", "username", "alice", "password", "wonderland");
        secrets.add(field(password, "access_token"));
        secrets.add(field(password, "refresh_token"));
        secrets.add(field(d.token("grant_type", "client_credentials"), "access_token"));
        Response implicit = d.authorize(form("response_type", "token", "client_id", CLIENT_ID));
        secrets.add(Wire.fragment(implicit.header("Location")).get("access_token"));
        String unused = d.code(CLIENT_ID);
        secrets.add(unused);
        String dump = stores.rawDump().get();
        assertThat(dump).isNotBlank();
        secrets.add("wonderland");
        for (String s : secrets) {
            assertThat(s).isNotBlank();
            // as a whole value: a short secret such as "xyz" may occur by chance inside a random
            // base64url digest, which is no leak (and made this check fail once in a few hundred runs)
            assertThat(java.util.regex.Pattern.compile("(?<![A-Za-z0-9_-])" + java.util.regex.Pattern.quote(s)
                    + "(?![A-Za-z0-9_-])").matcher(dump).find()).as("%s in the raw dump:%n%s", s, dump).isFalse();
        }
    }

    @Test
    @DisplayName("R30 expiry is checked on every read against the injected clock")
    void r30Expiry() {
        Response tokens = d.codeGrant();
        String access = field(tokens, "access_token");
        assertThat(d.bearer(access).isAuthorized()).isTrue();
        clock.advance(Duration.ofSeconds(3600));
        assertThat(d.bearer(access).isAuthorized()).isFalse();
        Response intro = d.post("/introspect", form("token", access), "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(intro.body()).isEqualTo("{\"active\":false}");
        assertThat(d.refresh(field(tokens, "refresh_token")).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- resource servers

    @Test
    @DisplayName("R31 bearer validation: valid token, missing token, invalid token, insufficient scope")
    void r31Bearer() {
        Response tokens = d.token("grant_type", "client_credentials", "scope", "read");
        String access = field(tokens, "access_token");
        BearerResult ok = d.bearer(access, "read");
        assertThat(ok.accessToken()).hasValueSatisfying(t -> {
            assertThat(t.clientId()).isEqualTo(CLIENT_ID);
            assertThat(t.scopes()).containsExactly("read");
        });
        BearerResult missing = d.provider().validateBearer(Request.builder("GET", "/api").build(), "read");
        Response m = missing.rejection().orElseThrow();
        assertThat(m.status()).isEqualTo(401);
        assertThat(m.header("WWW-Authenticate")).startsWith("Bearer realm=\"oauth2kit\"").doesNotContain("error=");
        Response invalid = d.bearer("bogus-token", "read").rejection().orElseThrow();
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        Response scope = d.bearer(access, "write").rejection().orElseThrow();
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"").contains("scope=\"write\"");
        Response malformed = d.bearer("a b", "read").rejection().orElseThrow();
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(d.provider().validateBearer(Request.builder("GET", "/api")
                .header("Authorization", "bearer " + access).build(), "read").isAuthorized()).isTrue();
    }

    @Test
    @DisplayName("R31 tokens in the query string are refused unless enabled; two tokens are invalid_request")
    void r31Query() {
        String access = field(d.token("grant_type", "client_credentials"), "access_token");
        Request inQuery = Request.builder("GET", "/api").rawQuery("access_token=" + access).build();
        Response refused = d.provider().validateBearer(inQuery).rejection().orElseThrow();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
        assertThat(with(b -> b.allowBearerInQuery(true)).provider().validateBearer(inQuery).isAuthorized()).isTrue();
        Request both = Request.builder("GET", "/api").rawQuery("access_token=" + access)
                .header("Authorization", "Bearer " + access).build();
        assertThat(with(b -> b.allowBearerInQuery(true)).provider().validateBearer(both).rejection().orElseThrow()
                .status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- revocation, introspection, metadata

    @Test
    @DisplayName("R32 revoking an access token revokes it; revoking a refresh token revokes its access tokens too")
    void r32Revocation() {
        Response a = d.codeGrant();
        assertThat(d.post("/revoke", form("token", field(a, "access_token")), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET)).status()).isEqualTo(200);
        assertThat(d.bearer(field(a, "access_token")).isAuthorized()).isFalse();
        assertThat(d.refresh(field(a, "refresh_token")).status()).isEqualTo(200);

        Response b = d.codeGrant();
        Response revoke = d.post("/revoke", form("token", field(b, "refresh_token"), "token_type_hint",
                "refresh_token"), "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(revoke.status()).isEqualTo(200);
        assertThat(d.bearer(field(b, "access_token")).isAuthorized()).isFalse();
        assertOAuthError(d.refresh(field(b, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R32 an unknown token gets 200; another client's token is refused and stays valid; strangers get 401")
    void r32Rules() {
        assertThat(d.post("/revoke", form("token", "never-issued"), "Authorization", basic(CLIENT_ID, CLIENT_SECRET))
                .status()).isEqualTo(200);
        Response a = d.codeGrant();
        Response other = d.post("/revoke", form("token", field(a, "access_token")), "Authorization",
                basic(CLIENT2_ID, CLIENT2_SECRET));
        assertOAuthError(other, 400, "unauthorized_client");
        assertThat(d.bearer(field(a, "access_token")).isAuthorized()).isTrue();
        assertOAuthError(d.post("/revoke", form("token", field(a, "access_token")), "Authorization",
                basic(CLIENT_ID, "wrong")), 401, "invalid_client");
        assertThat(d.bearer(field(a, "access_token")).isAuthorized()).isTrue();
        assertOAuthError(d.post("/revoke", form("token_type_hint", "access_token"), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
    }

    @Test
    @DisplayName("R33 introspection reports active tokens with scope, client_id, token_type, exp, iat and sub")
    void r33Active() {
        Response t = d.codeGrant();
        Response r = d.post("/introspect", form("token", field(t, "access_token")), "Authorization",
                basic(CLIENT2_ID, CLIENT2_SECRET));
        assertThat(r.status()).isEqualTo(200);
        assertThat(JsonFields.bool(r.body(), "active")).isTrue();
        assertThat(field(r, "scope")).isEqualTo("read write");
        assertThat(field(r, "client_id")).isEqualTo(CLIENT_ID);
        assertThat(field(r, "token_type")).isEqualTo("Bearer");
        assertThat(field(r, "sub")).isEqualTo("alice");
        long now = clock.instant().getEpochSecond();
        assertThat(JsonFields.number(r.body(), "iat")).isEqualTo(now);
        assertThat(JsonFields.number(r.body(), "exp")).isEqualTo(now + 3600);
        Response refresh = d.post("/introspect", form("token", field(t, "refresh_token")), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(JsonFields.bool(refresh.body(), "active")).isTrue();
        assertThat(field(refresh, "token_type")).isEqualTo("refresh_token");
        Response cc = d.post("/introspect", form("token", field(d.token("grant_type", "client_credentials"),
                "access_token")), "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(field(cc, "sub")).isNull();
    }

    @Test
    @DisplayName("R33 unknown, expired and revoked tokens are {\"active\":false}; callers must authenticate")
    void r33Inactive() {
        String auth = basic(CLIENT_ID, CLIENT_SECRET);
        assertThat(d.post("/introspect", form("token", "unknown"), "Authorization", auth).body())
                .isEqualTo("{\"active\":false}");
        Response t = d.codeGrant();
        d.post("/revoke", form("token", field(t, "access_token")), "Authorization", auth);
        assertThat(d.post("/introspect", form("token", field(t, "access_token")), "Authorization", auth).body())
                .isEqualTo("{\"active\":false}");
        assertOAuthError(d.post("/introspect", form("token", field(t, "refresh_token"))), 401, "invalid_client");
        assertOAuthError(d.post("/introspect", form("token", field(t, "refresh_token"), "client_id",
                PUBLIC_CLIENT_ID)), 401, "invalid_client");
        Dispatcher strict = with(b -> b.introspectionPolicy(c -> c.clientId().equals(CLIENT2_ID)));
        assertOAuthError(strict.post("/introspect", form("token", field(t, "refresh_token")), "Authorization", auth),
                400, "unauthorized_client");
    }

    @Test
    @DisplayName("R34 metadata lists the configured issuer, every endpoint and only what is supported")
    void r34Metadata() {
        Response r = d.send(Request.builder("GET", "/.well-known/oauth-authorization-server")
                .header("Host", "evil.example").build());
        assertThat(r.status()).isEqualTo(200);
        String json = r.body();
        assertThat(field(r, "issuer")).isEqualTo(ContractFixture.ISSUER);
        assertThat(field(r, "authorization_endpoint")).isEqualTo(ContractFixture.ISSUER + "/authorize");
        assertThat(field(r, "token_endpoint")).isEqualTo(ContractFixture.ISSUER + "/token");
        assertThat(field(r, "revocation_endpoint")).isEqualTo(ContractFixture.ISSUER + "/revoke");
        assertThat(field(r, "introspection_endpoint")).isEqualTo(ContractFixture.ISSUER + "/introspect");
        assertThat(json).contains("\"grant_types_supported\":[\"authorization_code\",\"implicit\",\"password\","
                + "\"client_credentials\",\"refresh_token\",\"urn:example:grant-type:api-key\"]");
        assertThat(json).contains("\"response_types_supported\":[\"code\",\"token\"]");
        assertThat(json).contains("\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\","
                + "\"client_secret_post\",\"none\"]");
        assertThat(json).contains("\"code_challenge_methods_supported\":[\"S256\"]");
        assertThat(json).contains("\"scopes_supported\":[\"read\",\"write\"]");
        assertThat(json).doesNotContain("evil.example");
        Provider ccOnly = Provider.builder().issuer("https://as.example/tenant").accessTokenStore(stores.tokens())
                .authCodeStore(stores.codes()).clientStore(ContractFixture.clients())
                .siteAdapter(new ContractSiteAdapter()).grant(new ClientCredentialsGrant()).build();
        String small = new Dispatcher(ccOnly).get("/.well-known/oauth-authorization-server", null).body();
        assertThat(small).doesNotContain("authorization_endpoint").doesNotContain("code_challenge")
                .contains("\"grant_types_supported\":[\"client_credentials\"]")
                .contains("\"token_endpoint\":\"https://as.example/tenant/token\"");
    }

    // ---------------------------------------------------------------- robustness

    @Test
    @DisplayName("R35 bad percent-encoding, non-UTF-8 bytes and control characters are invalid_request")
    void r35Encoding() {
        String auth = basic(CLIENT_ID, CLIENT_SECRET);
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%zz", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%C3%28", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "application/x-www-form-urlencoded",
                new byte[] {'g', 'r', 'a', 'n', 't', '_', 't', 'y', 'p', 'e', '=', (byte) 0xff, (byte) 0xfe},
                "Authorization", auth), 400, "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=%00", "Authorization", auth), 400,
                "invalid_request");
        assertErrorPage(d.get("/authorize", "client_id=abc&state=%G1"));
    }

    @Test
    @DisplayName("R35 malformed Basic credentials, oversized bodies and too many parameters are 4xx, never 500")
    void r35Limits() {
        assertOAuthError(d.post("/token", "grant_type=client_credentials", "Authorization", "Basic !!!notbase64"), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials", "Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))),
                400, "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials", "Authorization", "Digest abc"), 401,
                "invalid_client");
        Response tooLarge = d.send(Request.builder("POST", "/token")
                .header("Content-Type", "application/x-www-form-urlencoded").bodyTooLarge().build());
        assertOAuthError(tooLarge, 413, "invalid_request");
        StringBuilder many = new StringBuilder("grant_type=client_credentials");
        for (int i = 0; i < 100; i++) {
            many.append("&p").append(i).append("=v");
        }
        assertOAuthError(d.post("/token", many.toString(), "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", "grant_type=client_credentials&scope=" + "r".repeat(5000), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
        assertOAuthError(d.send(Request.builder("DELETE", "/token").build()), 405, "invalid_request");
        Response unknownPath = d.get("/nothing-here", null);
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.header("Content-Type")).startsWith("application/json");
    }

    @Test
    @DisplayName("R35 a body read through Request.Builder.body(InputStream, limit) beyond the limit is 413")
    void r35StreamLimit() throws Exception {
        byte[] big = new byte[d.provider().maxBodyBytes() + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        Request r = Request.builder("POST", "/token").header("Content-Type", "application/x-www-form-urlencoded")
                .body(new java.io.ByteArrayInputStream(big), d.provider().maxBodyBytes()).build();
        assertOAuthError(d.send(r), 413, "invalid_request");
    }

    @Test
    @DisplayName("R36 a store that is down gives 503 with Retry-After, and service resumes when it is back")
    void r36Down() {
        FailingStores failing = new FailingStores(stores);
        Dispatcher flaky = new Dispatcher(ContractFixture.builder(failing, failing, ContractFixture.clients(), clock)
                .build());
        Response before = flaky.codeGrant();
        failing.down(true);
        Response down = flaky.token("grant_type", "client_credentials");
        assertOAuthError(down, 503, "temporarily_unavailable");
        assertThat(down.header("Retry-After")).matches("\\d+");
        Response bearer = flaky.bearer(field(before, "access_token")).rejection().orElseThrow();
        assertThat(bearer.status()).isEqualTo(503);
        assertThat(bearer.header("Retry-After")).isNotNull();
        failing.down(false);
        assertThat(flaky.token("grant_type", "client_credentials").status()).isEqualTo(200);
        assertThat(flaky.bearer(field(before, "access_token")).isAuthorized()).isTrue();
    }

    @Test
    @DisplayName("R36 an outage is logged once and then as a count at most every few seconds, not once per request")
    void r36OutageLogIsBounded() {
        FailingStores failing = new FailingStores(stores);
        Dispatcher flaky = new Dispatcher(ContractFixture.builder(failing, failing, ContractFixture.clients(), clock)
                .build());
        Logger logger = Logger.getLogger("org.oauth2kit");
        List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        long started = System.nanoTime();
        try {
            failing.down(true);
            for (int i = 0; i < 200; i++) {
                assertThat(flaky.token("grant_type", "client_credentials").status()).isEqualTo(503);
                assertThat(flaky.bearer("some-token").rejection().orElseThrow().status()).isEqualTo(503);
            }
        } finally {
            logger.removeHandler(handler);
            failing.down(false);
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        List<String> outage = warnings.stream().filter(w -> w.contains("store unavailable")).toList();
        // the first failure, then at most one line per five seconds of outage (a slow machine may take a while)
        assertThat(outage).as("400 failed requests in %d s", seconds).isNotEmpty()
                .hasSizeLessThanOrEqualTo(2 + (int) (seconds / 5));
    }

    @Test
    @DisplayName("R36 a token is returned only after it is stored: a failed save returns no token")
    void r36NothingHalfIssued() {
        FailingStores failing = new FailingStores(stores);
        Dispatcher flaky = new Dispatcher(ContractFixture.builder(failing, failing, ContractFixture.clients(), clock)
                .build());
        String code = flaky.code(CLIENT_ID);
        failing.savesDown(true);
        Response r = flaky.redeem(code);
        assertOAuthError(r, 503, "temporarily_unavailable");
        assertThat(r.body()).doesNotContain("access_token");
        failing.savesDown(false);
        Response refreshFlow = flaky.codeGrant();
        failing.savesDown(true);
        assertThat(flaky.refresh(field(refreshFlow, "refresh_token")).body()).doesNotContain("access_token");
    }

    @Test
    @DisplayName("R37 log output of every flow, including failures, holds no token, code or secret")
    void r37Logs() {
        // the library logs at every level; the handler sits on the root logger, so it also sees
        // whatever the store's driver logs through java.util.logging
        Logger logger = Logger.getLogger("org.oauth2kit");
        Logger root = Logger.getLogger("");
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder sb = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        sb.append(' ').append(p);
                    }
                }
                if (record.getThrown() != null) {
                    java.io.StringWriter w = new java.io.StringWriter();
                    record.getThrown().printStackTrace(new java.io.PrintWriter(w));
                    sb.append(w);
                }
                lines.add(sb.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level old = logger.getLevel();
        logger.setLevel(Level.ALL);
        root.addHandler(handler);
        try {
            List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, "wonderland", "wrong-secret"));
            String code = d.code(CLIENT_ID);
            secrets.add(code);
            Response t = d.redeem(code);
            secrets.add(field(t, "access_token"));
            secrets.add(field(t, "refresh_token"));
            d.redeem(code); // reuse: logged as a warning
            Response p = d.token("grant_type", "password", "username", "alice", "password", "wonderland");
            secrets.add(field(p, "access_token"));
            secrets.add(field(p, "refresh_token"));
            Response r = d.refresh(field(p, "refresh_token"));
            secrets.add(field(r, "refresh_token"));
            d.refresh(field(p, "refresh_token")); // reuse
            d.tokenAs(CLIENT_ID, "wrong-secret", "grant_type", "client_credentials");
            d.post("/revoke", form("token", field(r, "access_token")), "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
            FailingStores failing = new FailingStores(stores);
            Dispatcher flaky = new Dispatcher(ContractFixture.builder(failing, failing, ContractFixture.clients(),
                    clock).build());
            failing.down(true);
            flaky.token("grant_type", "client_credentials");
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                for (String s : secrets) {
                    assertThat(line).doesNotContain(s);
                }
            }
        } finally {
            root.removeHandler(handler);
            logger.setLevel(old);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<Response> race(int threads, Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Response> results = new ArrayList<>();
            for (Future<Response> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
