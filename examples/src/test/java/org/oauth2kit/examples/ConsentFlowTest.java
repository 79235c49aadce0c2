package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.examples.DemoHttp.basic;
import static org.oauth2kit.examples.DemoHttp.csrfToken;
import static org.oauth2kit.examples.DemoHttp.form;
import static org.oauth2kit.examples.DemoHttp.queryParam;
import static org.oauth2kit.examples.DemoHttp.sessionCookie;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.oauth2kit.testkit.JsonFields;

/**
 * The demo SiteAdapter's login and consent over plain HTTP: the session cookie, and the CSRF
 * token without which no consent decision is honoured.
 */
@DisplayName("Login and consent on the default demo")
@Timeout(60)
class ConsentFlowTest {
    private static final String AUTHORIZE = "/authorize?response_type=code&client_id=abc"
            + "&redirect_uri=http%3A%2F%2Flocalhost%3A8081%2Fcallback&scope=read%20write&state=s1";
    private static Demo.Running demo;
    private static DemoHttp http;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoLauncherTest.start("--port", "0");
        http = new DemoHttp(demo.baseUrl());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    /** Signs in; returns the consent page's response (its cookie and CSRF token). */
    private static HttpResponse<String> signIn() throws Exception {
        HttpResponse<String> login = http.get(AUTHORIZE);
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = sessionCookie(login);
        assertThat(cookie).isNotNull();
        HttpResponse<String> consent = http.postForm(AUTHORIZE, form("csrf_token", csrfToken(login.body()),
                "username", "alice", "password", "wonderland"), "Cookie", cookie);
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("Allow access?").contains("<code>write</code>");
        return consent;
    }

    @Test
    @DisplayName("the login page sets an HttpOnly, SameSite, Path=/ session cookie and is not cached")
    void cookieAttributes() throws Exception {
        HttpResponse<String> login = http.get(AUTHORIZE);
        String setCookie = login.headers().allValues("Set-Cookie").get(0);
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/")
                .doesNotContain("Secure"); // http issuer
        assertThat(login.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(login.body()).contains("name=\"username\"").contains("name=\"password\"");
    }

    @Test
    @DisplayName("Allow with the session cookie and the page's token: a code for the client, which redeems it")
    void allow() throws Exception {
        HttpResponse<String> consent = signIn();
        HttpResponse<String> allowed = http.postForm(AUTHORIZE, form("csrf_token", csrfToken(consent.body()),
                "consent", "allow"), "Cookie", sessionCookie(consent));
        assertThat(allowed.statusCode()).isEqualTo(302);
        String location = allowed.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://localhost:8081/callback?");
        assertThat(queryParam(location, "state")).isEqualTo("s1");
        assertThat(queryParam(location, "iss")).isEqualTo(demo.issuer());

        HttpResponse<String> tokens = http.postForm("/token", form("grant_type", "authorization_code",
                "code", queryParam(location, "code"), "redirect_uri", DemoConfig.REDIRECT_URI),
                "Authorization", basic("abc", "xyz"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        HttpResponse<String> me = http.get("/api/me", "Authorization",
                "Bearer " + JsonFields.string(tokens.body(), "access_token"));
        assertThat(JsonFields.string(me.body(), "sub")).isEqualTo("alice");
    }

    @Test
    @DisplayName("Deny with cookie and token: access_denied at the redirect URI")
    void deny() throws Exception {
        HttpResponse<String> consent = signIn();
        HttpResponse<String> denied = http.postForm(AUTHORIZE, form("csrf_token", csrfToken(consent.body()),
                "consent", "deny"), "Cookie", sessionCookie(consent));
        assertThat(denied.statusCode()).isEqualTo(302);
        assertThat(queryParam(denied.headers().firstValue("Location").orElseThrow(), "error"))
                .isEqualTo("access_denied");
    }

    @Test
    @DisplayName("CSRF: a consent POST without the token, with a wrong one, or with the login page's is refused with 403")
    void consentNeedsToken() throws Exception {
        HttpResponse<String> login = http.get(AUTHORIZE);
        String loginToken = csrfToken(login.body());
        HttpResponse<String> consent = http.postForm(AUTHORIZE, form("csrf_token", loginToken,
                "username", "alice", "password", "wonderland"), "Cookie", sessionCookie(login));
        String cookie = sessionCookie(consent);
        String token = csrfToken(consent.body());

        for (String body : new String[] {
                form("consent", "allow"),
                form("consent", "allow", "csrf_token", "forged.token"),
                form("consent", "allow", "csrf_token", loginToken),
                form("consent", "allow", "csrf_token", token.substring(0, token.length() - 2) + "AA"),
                form("consent", "deny", "csrf_token", "forged.token")}) {
            HttpResponse<String> refused = http.postForm(AUTHORIZE, body, "Cookie", cookie);
            assertThat(refused.statusCode()).as(body).isEqualTo(403);
            assertThat(refused.headers().firstValue("Location")).as(body).isEmpty();
            assertThat(refused.body()).contains("This form has expired");
        }
        // the real form still works afterwards
        HttpResponse<String> allowed = http.postForm(AUTHORIZE, form("csrf_token", token, "consent", "allow"),
                "Cookie", cookie);
        assertThat(allowed.statusCode()).isEqualTo(302);
    }

    @Test
    @DisplayName("CSRF: the right token without the session cookie (a cross-site POST) grants nothing")
    void consentNeedsCookie() throws Exception {
        HttpResponse<String> consent = signIn();
        HttpResponse<String> crossSite = http.postForm(AUTHORIZE, form("csrf_token", csrfToken(consent.body()),
                "consent", "allow"));
        assertThat(crossSite.statusCode()).isEqualTo(200);
        assertThat(crossSite.headers().firstValue("Location")).isEmpty();
        assertThat(crossSite.body()).contains("Sign in");
    }

    @Test
    @DisplayName("CSRF: a token made for one client is refused for another")
    void tokenBoundToClient() throws Exception {
        HttpResponse<String> consent = signIn();
        String other = "/authorize?response_type=code&client_id=pub&redirect_uri=http%3A%2F%2Flocalhost%3A8081%2Fcallback"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
        HttpResponse<String> refused = http.postForm(other, form("csrf_token", csrfToken(consent.body()),
                "consent", "allow"), "Cookie", sessionCookie(consent));
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("CSRF: a token made for one authorization request is refused for another of the same client")
    void tokenBoundToRequest() throws Exception {
        HttpResponse<String> consent = signIn();
        for (String other : new String[] {AUTHORIZE.replace("scope=read%20write", "scope=read"),
                AUTHORIZE.replace("state=s1", "state=s2")}) {
            HttpResponse<String> refused = http.postForm(other, form("csrf_token", csrfToken(consent.body()),
                    "consent", "allow"), "Cookie", sessionCookie(consent));
            assertThat(refused.statusCode()).as(other).isEqualTo(403);
            assertThat(refused.headers().firstValue("Location")).isEmpty();
        }
    }

    @Test
    @DisplayName("CSRF: a consent form is honoured once; posting it again is refused with 403")
    void tokenSingleUse() throws Exception {
        HttpResponse<String> consent = signIn();
        String body = form("csrf_token", csrfToken(consent.body()), "consent", "allow");
        HttpResponse<String> first = http.postForm(AUTHORIZE, body, "Cookie", sessionCookie(consent));
        assertThat(first.statusCode()).isEqualTo(302);
        HttpResponse<String> again = http.postForm(AUTHORIZE, body, "Cookie", sessionCookie(consent));
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.headers().firstValue("Location")).isEmpty();
    }

    @Test
    @DisplayName("a session cookie that was tampered with is no session")
    void tamperedCookie() throws Exception {
        HttpResponse<String> consent = signIn();
        String cookie = sessionCookie(consent);
        String[] parts = cookie.substring(cookie.indexOf('=') + 1).split("\\.");
        parts[1] = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("mallory".getBytes());
        String forged = DemoSessions.COOKIE + "=" + String.join(".", parts);
        HttpResponse<String> page = http.postForm(AUTHORIZE, form("csrf_token", csrfToken(consent.body()),
                "consent", "allow"), "Cookie", forged);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in").doesNotContain("mallory");
    }

    @Test
    @DisplayName("a login POST without the login page's token is refused with 403, a wrong password is told")
    void loginChecks() throws Exception {
        HttpResponse<String> login = http.get(AUTHORIZE);
        HttpResponse<String> forged = http.postForm(AUTHORIZE, form("username", "alice", "password", "wonderland"),
                "Cookie", sessionCookie(login));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("Sign in");
        HttpResponse<String> wrong = http.postForm(AUTHORIZE, form("csrf_token", csrfToken(login.body()),
                "username", "alice", "password", "queen"), "Cookie", sessionCookie(login));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("Wrong username or password");
        assertThat(sessionCookie(wrong)).isNull();
    }

    @Test
    @DisplayName("an authorization request POSTed whole as a form goes through login and consent too")
    void postedRequest() throws Exception {
        String params = form("response_type", "code", "client_id", "abc", "redirect_uri", DemoConfig.REDIRECT_URI,
                "state", "p1");
        HttpResponse<String> login = http.postForm("/authorize", params);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"client_id\" value=\"abc\"");
        HttpResponse<String> consent = http.postForm("/authorize", params + "&" + form("csrf_token",
                csrfToken(login.body()), "username", "alice", "password", "wonderland"),
                "Cookie", sessionCookie(login));
        HttpResponse<String> allowed = http.postForm("/authorize", params + "&" + form("csrf_token",
                csrfToken(consent.body()), "consent", "allow"), "Cookie", sessionCookie(consent));
        assertThat(allowed.statusCode()).isEqualTo(302);
        assertThat(queryParam(allowed.headers().firstValue("Location").orElseThrow(), "state")).isEqualTo("p1");
    }
}
