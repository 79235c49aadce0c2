package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.ContractFixture.REDIRECT_URI;
import static org.oauth2kit.testkit.Dispatcher.CHALLENGE;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertErrorPage;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;
import static org.oauth2kit.testkit.ProviderContract.assertRedirectError;
import static org.oauth2kit.testkit.ProviderContract.authorizeQuery;
import static org.oauth2kit.testkit.ProviderContract.flaky;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * {@link ProviderContract}: the authorization endpoint: a page while the client is in doubt, a
 * redirect with state and iss once it is known (R6-R9, R11, R12).
 */
interface ProviderAuthorizationEndpointTests {

    @Test
    @DisplayName("R6 missing or unknown client_id, or a redirect_uri not exactly registered, is a 400 page, never a redirect")
    default void r6NeverRedirected(Dispatcher d) {
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
    default void r6DefaultRedirect(Dispatcher d) {
        Response one = d.authorize(form("response_type", "code", "client_id", CLIENT_ID, "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));
        assertThat(one.status()).isEqualTo(302);
        assertThat(Wire.target(one.header("Location"))).isEqualTo(REDIRECT_URI);
        assertErrorPage(d.authorize(form("response_type", "code", "client_id", CLIENT2_ID)));
    }

    @Test
    @DisplayName("R7 errors after the client is known are redirected: query for code, fragment for token")
    default void r7Redirected(Dispatcher d) {
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
    default void r7TemporarilyUnavailable(Stores stores, MutableClock clock) {
        FailingStores failing = new FailingStores(stores);
        Dispatcher down = flaky(failing, clock);
        failing.down(true);
        assertRedirectError(down.authorize(authorizeQuery()), "temporarily_unavailable");
    }

    @Test
    @DisplayName("R8 state is echoed verbatim in success and error redirects")
    default void r8State(Dispatcher d) {
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
    default void r9Iss(Dispatcher d) {
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
    @DisplayName("R11 GET renders the SiteAdapter's page; POST with consent issues a code; deny is access_denied")
    default void r11GetAndPost(Dispatcher d) {
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
    default void r11Methods(Dispatcher d) {
        Response r = d.send(Request.builder("PUT", "/authorize").rawQuery(authorizeQuery()).build());
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Location")).isNull();
    }

    @Test
    @DisplayName("R12 a repeated parameter is invalid_request at the authorization and token endpoints")
    default void r12Repeated(Dispatcher d) {
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
}
