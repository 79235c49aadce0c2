package org.oauth2kit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.JsonFields;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Wire;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * The demo's sign-in pages and OpenID Connect's requests to them: {@code login_hint} fills in the
 * username, {@code prompt=login} and {@code max_age} ask for a fresh sign-in, and the ID token's
 * {@code auth_time} is when the user signed in. A moving clock stands in for the minutes passing.
 */
@DisplayName("The demo's pages and OpenID Connect's prompt, max_age, login_hint and auth_time")
class DemoOpenIdTest {
    private static final String AUTHORIZE = "response_type=code&client_id=abc"
            + "&redirect_uri=http%3A%2F%2Flocalhost%3A8081%2Fcallback&scope=openid%20read&state=s&nonce=n";

    private MutableClock clock;
    private Dispatcher d;
    private String cookie;
    private long signedInAt;

    @BeforeEach
    void signIn() {
        clock = new MutableClock();
        String issuer = "http://localhost:8080";
        Provider provider = DemoConfig.provider(issuer, DemoStores.memory(DemoConfig.clients(List.of())),
                new DemoSiteAdapter(issuer, clock, null), DemoConfig.SIGNING_KEY, false);
        d = new Dispatcher(provider);
        Response login = d.get("/authorize", AUTHORIZE);
        Response consent = post(AUTHORIZE, "csrf_token=" + enc(DemoHttpToken.of(login.body())) + "&username=alice&password=wonderland",
                cookieOf(login));
        assertThat(consent.body()).contains("Allow access?");
        cookie = cookieOf(consent);
        signedInAt = clock.instant().getEpochSecond();
    }

    @Test
    @DisplayName("login_hint fills in the username of the sign-in form")
    void loginHint() {
        Response page = d.get("/authorize", AUTHORIZE + "&login_hint=alice");
        assertThat(page.body()).contains("name=\"username\" autocomplete=\"username\" required autofocus value=\"alice\"");
    }

    @Test
    @DisplayName("prompt=login shows the sign-in form to a user signed in minutes ago; without it, consent")
    void promptLogin() {
        clock.advance(Duration.ofMinutes(3));
        assertThat(d.get("/authorize", AUTHORIZE, "Cookie", cookie).body()).contains("Allow access?");
        assertThat(d.get("/authorize", AUTHORIZE + "&prompt=login", "Cookie", cookie).body()).contains("<h1>Sign in</h1>");
    }

    @Test
    @DisplayName("max_age: a sign-in older than it is asked again; a younger one goes to consent")
    void maxAge() {
        clock.advance(Duration.ofMinutes(3));
        assertThat(d.get("/authorize", AUTHORIZE + "&max_age=60", "Cookie", cookie).body()).contains("<h1>Sign in</h1>");
        assertThat(d.get("/authorize", AUTHORIZE + "&max_age=600", "Cookie", cookie).body()).contains("Allow access?");
    }

    @Test
    @DisplayName("the ID token's auth_time is when the user signed in, not when the code was issued")
    void authTime() {
        Response consent = d.get("/authorize", AUTHORIZE, "Cookie", cookie);
        clock.advance(Duration.ofMinutes(2));
        Response allowed = post(AUTHORIZE, "csrf_token=" + enc(DemoHttpToken.of(consent.body())) + "&consent=allow",
                cookie);
        String code = Wire.query(allowed.header("Location")).get("code");
        Response tokens = d.token("grant_type", "authorization_code", "code", code, "redirect_uri",
                DemoConfig.REDIRECT_URI);
        String idToken = JsonFields.string(tokens.body(), "id_token");
        String claims = new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(JsonFields.number(claims, "auth_time")).isEqualTo(signedInAt);
        assertThat(JsonFields.string(claims, "nonce")).isEqualTo("n");
    }

    private Response post(String query, String body, String cookieHeader) {
        return d.send(Request.builder("POST", "/authorize").rawQuery(query)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookieHeader)
                .body(body.getBytes(StandardCharsets.UTF_8)).build());
    }

    private static String cookieOf(Response r) {
        String setCookie = r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream()).findFirst().orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The page's CSRF token. */
    private static final class DemoHttpToken {
        static String of(String page) {
            return DemoHttp.csrfToken(page);
        }
    }
}
