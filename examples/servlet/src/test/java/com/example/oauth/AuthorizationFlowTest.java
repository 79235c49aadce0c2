package com.example.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorization code flow with PKCE over HTTP: a browser signs in and decides, a public client redeems. */
class AuthorizationFlowTest {
    private static final String ISSUER = "http://localhost:8080";
    // PKCE: the example verifier of RFC 7636, Appendix B, and its S256 challenge
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static Server server;
    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects
    private String cookie; // the browser's cookie, carried by hand

    @BeforeAll
    static void start() throws Exception {
        server = AuthorizationServer.start(0, ISSUER, "wonderland");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void signInAllowRedeemCallAndRefresh() throws Exception {
        String location = decide("allow");
        assertThat(location).startsWith(AuthorizationServer.REDIRECT_URI + "?code=")
                .contains("&state=xyz", "&iss=" + URLEncoder.encode(ISSUER, UTF_8));

        HttpResponse<String> tokens = token("grant_type", "authorization_code", "code", find("code=([^&]+)", location),
                "code_verifier", VERIFIER, "redirect_uri", AuthorizationServer.REDIRECT_URI, "client_id", "pub");
        assertThat(tokens.statusCode()).isEqualTo(200);
        String accessToken = find("\"access_token\":\"([^\"]+)\"", tokens.body());

        HttpResponse<String> me = http.send(HttpRequest.newBuilder(url("/api/me"))
                .header("Authorization", "Bearer " + accessToken).build(), BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(me.body()).contains("\"sub\":\"alice\"", "\"client_id\":\"pub\"");

        HttpResponse<String> refreshed = token("grant_type", "refresh_token", "client_id", "pub",
                "refresh_token", find("\"refresh_token\":\"([^\"]+)\"", tokens.body()));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(find("\"access_token\":\"([^\"]+)\"", refreshed.body())).isNotEqualTo(accessToken);
    }

    @Test
    void denyingSendsAccessDenied() throws Exception {
        assertThat(decide("deny")).startsWith(AuthorizationServer.REDIRECT_URI + "?error=access_denied")
                .contains("&state=xyz");
    }

    /** As a browser: opens the authorization URL, signs in, answers the consent page; returns where it is sent. */
    private String decide(String consent) throws Exception {
        String authorize = "/authorize?" + form("response_type", "code", "client_id", "pub", "redirect_uri",
                AuthorizationServer.REDIRECT_URI, "scope", "read write", "state", "xyz", "code_challenge", CHALLENGE,
                "code_challenge_method", "S256");
        HttpResponse<String> signIn = browse(authorize, null);
        assertThat(signIn.body()).contains("Sign in");
        assertThat(signIn.headers().firstValue("Set-Cookie")).get().asString()
                .contains("HttpOnly", "SameSite=Lax", "Path=/");
        String csrf = "name=\"csrf_token\" value=\"([^\"]+)\"";
        HttpResponse<String> consentPage = browse(authorize,
                form("username", "alice", "password", "wonderland", "csrf_token", find(csrf, signIn.body())));
        assertThat(consentPage.body()).contains("Allow access?");
        HttpResponse<String> decided = browse(authorize, form("consent", consent, "csrf_token",
                find(csrf, consentPage.body())));
        assertThat(decided.statusCode()).isEqualTo(302);
        return decided.headers().firstValue("Location").orElseThrow();
    }

    /** GET, or POST of a form; with the cookie the browser holds, keeping the one it is given. */
    private HttpResponse<String> browse(String path, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form));
        }
        HttpResponse<String> response = http.send(request.build(), BodyHandlers.ofString());
        response.headers().firstValue("Set-Cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
        return response;
    }

    /** The client at the token endpoint: a public client names itself with client_id. */
    private HttpResponse<String> token(String... params) throws Exception {
        return http.send(HttpRequest.newBuilder(url("/token")).header("Content-Type",
                "application/x-www-form-urlencoded").POST(BodyPublishers.ofString(form(params))).build(),
                BodyHandlers.ofString());
    }

    private static URI url(String path) {
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return URI.create("http://localhost:" + port + path);
    }

    private static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], UTF_8));
        }
        return form.toString();
    }

    private static String find(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
        return matcher.group(1);
    }
}
