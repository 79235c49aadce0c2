package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * What every application's {@link SiteAdapter} must withstand (R38): an authorization request
 * that carries a user's password, with or without {@code grant_type=password}, from a browser
 * that has no session and never saw the consent page (login CSRF and consent bypass, RFC 6749
 * §10.12, RFC 9700 §4.7). Such a request must end on a page (sign-in, consent, or a refusal),
 * never at the client's redirect URI with a code or a token.
 *
 * <p>Extend it with your SiteAdapter and the name and password of a real user:
 * <pre>{@code
 * class MySiteAdapterTest extends SiteAdapterContract {
 *     protected SiteAdapter createSiteAdapter() { return new MySiteAdapter(users); }
 *     protected String username() { return "alice"; }
 *     protected String password() { return "correct horse"; }
 * }
 * }</pre>
 * The Provider serves the contract fixture's clients with the code and implicit grants on a small
 * in-memory store, so only the SiteAdapter is under test; it need not serve the password grant.
 */
public abstract class SiteAdapterContract {
    private Dispatcher d;

    /** The SiteAdapter under test. */
    protected abstract SiteAdapter createSiteAdapter();

    /** A user the SiteAdapter knows. */
    protected abstract String username();

    /** That user's right password. */
    protected abstract String password();

    /** The names of the sign-in form's fields, if they are not {@code username} and {@code password}. */
    protected List<String> credentialFields() {
        return List.of("username", "password");
    }

    @BeforeEach
    void createProvider() {
        MutableClock clock = new MutableClock();
        InMemoryStores stores = new InMemoryStores();
        // The grants of the authorization endpoint only: the password grant is not needed for the
        // attack (it went through authenticate), and a SiteAdapter need not serve it.
        Scope scope = new Scope(ContractFixture.SCOPES, "read");
        d = new Dispatcher(Provider.builder().issuer(ContractFixture.ISSUER).accessTokenStore(stores)
                .authCodeStore(stores).clientStore(ContractFixture.clients()).siteAdapter(createSiteAdapter())
                .clock(clock).grant(new AuthorizationCodeGrant(scope)).grant(new ImplicitGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build()).build());
    }

    @Test
    @DisplayName("R38 a POSTed authorization request with grant_type=password gets a page, never a code")
    void passwordGrantBodyAtAuthorize() {
        assertNoGrant(post("code", "grant_type", "password"));
    }

    @Test
    @DisplayName("R38 a POSTed implicit request with grant_type=password gets a page, never a token")
    void passwordGrantBodyImplicit() {
        assertNoGrant(post("token", "grant_type", "password"));
    }

    @Test
    @DisplayName("R38 a cross-site form with the right password and no session gets a page, never a code")
    void crossSiteSignIn() {
        assertNoGrant(post("code", "consent", "allow", "Origin", "https://attacker.example"));
    }

    @Test
    @DisplayName("R38 credentials in the query string of an authorization request get a page, never a code")
    void passwordInQuery() {
        String query = authorizationQuery("code") + "&" + Dispatcher.form("grant_type", "password",
                credentialFields().get(0), username(), credentialFields().get(1), password(), "consent", "allow");
        assertNoGrant(d.get("/authorize", query));
    }

    /** POSTs the credentials plus {@code extra} (name, value; a name starting with a capital is a header). */
    private Response post(String responseType, String... extra) {
        StringBuilder body = new StringBuilder(Dispatcher.form(credentialFields().get(0), username(),
                credentialFields().get(1), password()));
        Request.Builder b = Request.builder("POST", "/authorize").rawQuery(authorizationQuery(responseType))
                .header("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 0; i < extra.length; i += 2) {
            if (Character.isUpperCase(extra[i].charAt(0))) {
                b.header(extra[i], extra[i + 1]);
            } else {
                body.append('&').append(Dispatcher.form(extra[i], extra[i + 1]));
            }
        }
        return d.send(b.body(body.toString().getBytes(StandardCharsets.UTF_8)).build());
    }

    private static String authorizationQuery(String responseType) {
        return "code".equals(responseType)
                ? Dispatcher.form("response_type", "code", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                        ContractFixture.REDIRECT_URI, "state", "attacker", "code_challenge", Dispatcher.CHALLENGE,
                        "code_challenge_method", "S256")
                : Dispatcher.form("response_type", "token", "client_id", ContractFixture.CLIENT_ID, "redirect_uri",
                        ContractFixture.REDIRECT_URI, "state", "attacker");
    }

    private static void assertNoGrant(Response r) {
        String location = r.header("Location");
        if (location != null && location.startsWith(ContractFixture.REDIRECT_URI)) {
            Map<String, String> params = location.contains("#") ? Wire.fragment(location) : Wire.query(location);
            assertThat(params).as(location).doesNotContainKey("code").doesNotContainKey("access_token");
        }
        // which page (sign-in, consent or a refusal) or grant-less redirect is up to the SiteAdapter under test
        assertThat(r.status()).as("status of %s", location).isNotEqualTo(500);
    }
}
