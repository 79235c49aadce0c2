package com.example.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.JsonFields.string;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.micronaut.runtime.server.EmbeddedServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.Wire;

/** The authorization code flow against the running server, driven the way a browser and a client app do. */
class AuthorizationCodeFlowTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    /** PKCE with the pair of RFC 7636, appendix B: {@code Dispatcher.CHALLENGE} is S256 of {@code VERIFIER}. */
    private static final String AUTHORIZE = "/authorize?" + form("response_type", "code", "client_id", "pub",
            "redirect_uri", AuthorizationServer.REDIRECT_URI, "scope", "read", "state", "xyz",
            "code_challenge", Dispatcher.CHALLENGE, "code_challenge_method", "S256");
    private static EmbeddedServer server;
    private static String base;
    private String cookie; // the browser's cookie jar: the one session cookie

    @BeforeAll
    static void start() throws Exception {
        server = AuthorizationServer.start(0);
        base = "http://localhost:" + server.getPort();
    }

    @AfterAll
    static void stop() {
        server.getApplicationContext().close();
    }

    @Test
    void signInConsentTokensResourceAndRefresh() throws Exception {
        Map<String, String> redirect = Wire.query(signInAndDecide("allow"));
        assertThat(redirect).containsEntry("state", "xyz").containsEntry("iss", base).containsKey("code");

        HttpResponse<String> tokens = send(post("/token", "grant_type", "authorization_code", "code",
                redirect.get("code"), "code_verifier", Dispatcher.VERIFIER,
                "redirect_uri", AuthorizationServer.REDIRECT_URI, "client_id", "pub"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String accessToken = string(tokens.body(), "access_token");
        String refreshToken = string(tokens.body(), "refresh_token");
        assertThat(accessToken).isNotBlank();
        assertThat(refreshToken).isNotBlank();

        HttpResponse<String> me = send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
                .header("Authorization", "Bearer " + accessToken));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(string(me.body(), "sub")).isEqualTo("alice");
        assertThat(string(me.body(), "client_id")).isEqualTo("pub");
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");

        HttpResponse<String> refreshed = send(post("/token", "grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", "pub"));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(string(refreshed.body(), "access_token")).isNotBlank().isNotEqualTo(accessToken);
    }

    @Test
    void deniedConsent() throws Exception {
        assertThat(Wire.query(signInAndDecide("deny")))
                .containsEntry("error", "access_denied").containsEntry("state", "xyz").doesNotContainKey("code");
    }

    /**
     * Opens the authorization request, signs in and answers the consent page, posting each form with the
     * page's own {@code Origin} as a browser does (Micronaut refuses other origins on localhost). Returns
     * where the browser is sent.
     */
    private String signInAndDecide(String consent) throws Exception {
        HttpResponse<String> signIn = browser(HttpRequest.newBuilder(URI.create(base + AUTHORIZE)));
        assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Path=/", "; HttpOnly",
                "; SameSite=Lax");
        HttpResponse<String> consentPage = browser(post(AUTHORIZE, "csrf_token", csrfToken(signIn),
                "username", "alice", "password", "wonderland").header("Origin", base));
        assertThat(consentPage.body()).contains("Allow access?");
        HttpResponse<String> decided = browser(post(AUTHORIZE, "csrf_token", csrfToken(consentPage),
                "consent", consent).header("Origin", base));
        assertThat(decided.statusCode()).isEqualTo(302);
        return decided.headers().firstValue("Location").orElseThrow();
    }

    private HttpRequest.Builder post(String path, String... form) {
        return HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(form(form)))
                .header("Content-Type", "application/x-www-form-urlencoded");
    }

    /** As a browser: sends the cookie the server set last, and keeps the one it sets now. */
    private HttpResponse<String> browser(HttpRequest.Builder request) throws Exception {
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = send(request);
        response.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        return response;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfToken(HttpResponse<String> page) {
        assertThat(page.body()).contains("name=\"csrf_token\"");
        return page.body().replaceFirst("(?s).*name=\"csrf_token\" value=\"([^\"]+)\".*", "$1");
    }
}
