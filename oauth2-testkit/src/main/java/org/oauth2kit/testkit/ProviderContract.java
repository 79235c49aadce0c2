package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.REDIRECT_URI;
import static org.oauth2kit.testkit.Dispatcher.CHALLENGE;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.oauth2kit.Provider;
import org.oauth2kit.web.Response;

/**
 * The protocol contract: the requirements of {@code protocol-requirements.md} proven through
 * {@link Provider#dispatch} against a store module's real stores. Every store module runs it, so a
 * store cannot break the protocol (atomicity, family revocation, expiry) unnoticed.
 *
 * <p>This class holds the fixture; the tests are grouped by area, one {@link Nested} class per
 * area at the end of this class. Each of them runs the tests of an interface of this package
 * ({@code ProviderCodeTests}, {@code ProviderRefreshTests} and so on) whose default methods take
 * the parts of the fixture they use as parameters, so that every area is a file of its own.
 */
public abstract class ProviderContract {
    /** Hands the areas' tests their parameters; inherited by every subclass and nested class. */
    @RegisterExtension
    static final ContractParameters PARAMETERS = new ContractParameters();

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

    // ---- checks and requests the areas share ----

    /** A JSON error from the token, revocation or introspection endpoint. */
    static void assertOAuthError(Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(field(r, "error")).as(r.body()).isEqualTo(error);
        assertThat(r.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    /** An error of the authorization endpoint, sent back to the client's redirect URI in the query (R7). */
    static void assertRedirectError(Response r, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(302);
        Map<String, String> q = Wire.query(r.header("Location"));
        assertThat(q.get("error")).as(r.header("Location")).isEqualTo(error);
        assertThat(Wire.target(r.header("Location"))).isEqualTo(REDIRECT_URI);
        assertThat(q.get("iss")).isEqualTo(ContractFixture.ISSUER);
    }

    /** The 400 page of the authorization endpoint, never a redirect (R6). */
    static void assertErrorPage(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Location")).isNull();
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("<html").doesNotContain("Exception");
    }

    /** A code request of {@code abc} with state {@code xyz} and the RFC 7636 challenge, plus {@code extra}. */
    static String authorizeQuery(String... extra) {
        List<String> kv = new ArrayList<>(List.of("response_type", "code", "client_id", CLIENT_ID, "redirect_uri",
                REDIRECT_URI, "state", "xyz", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
        kv.addAll(List.of(extra));
        return form(kv.toArray(String[]::new));
    }

    /** The fixture's Provider on stores that fail on demand. */
    static Dispatcher flaky(FailingStores failing, MutableClock clock) {
        return new Dispatcher(ContractFixture.builder(failing, failing, ContractFixture.clients(), clock).build());
    }

    // ---- the contract, area by area ----

    @Nested
    @DisplayName("Client authentication")
    class ClientAuthentication implements ProviderClientAuthenticationTests {
    }

    @Nested
    @DisplayName("Authorization endpoint")
    class AuthorizationEndpoint implements ProviderAuthorizationEndpointTests {
    }

    @Nested
    @DisplayName("Authorization codes and PKCE")
    class Codes implements ProviderCodeTests {
    }

    @Nested
    @DisplayName("Token endpoint")
    class TokenEndpoint implements ProviderTokenEndpointTests {
    }

    @Nested
    @DisplayName("Application code behind the Provider")
    class ApplicationCode implements ProviderApplicationCodeTests {
    }

    @Nested
    @DisplayName("Extension points")
    class ExtensionPoints implements ProviderExtensionTests {
    }

    @Nested
    @DisplayName("Refresh tokens")
    class RefreshTokens implements ProviderRefreshTests {
    }

    @Nested
    @DisplayName("Tokens at rest and in logs")
    class AtRest implements ProviderAtRestTests {
    }

    @Nested
    @DisplayName("Bearer protection")
    class Bearer implements ProviderBearerTests {
    }

    @Nested
    @DisplayName("Revocation, introspection and metadata")
    class RevocationAndIntrospection implements ProviderRevocationTests {
    }

    @Nested
    @DisplayName("Limits and odd input")
    class OddInput implements ProviderOddInputTests {
    }

    @Nested
    @DisplayName("Store outages")
    class Outages implements ProviderOutageTests {
    }
}
