package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;
import static org.oauth2kit.testkit.ProviderContract.assertRedirectError;
import static org.oauth2kit.testkit.ProviderContract.authorizeQuery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;
import org.oauth2kit.web.SiteAdapter;

/**
 * {@link ProviderContract}: the application's SiteAdapter behind the Provider: its faults do not
 * leak (R19), and one written the python-oauth2 way cannot be abused (R38).
 */
interface ProviderApplicationCodeTests {

    @Test
    @DisplayName("R19 a fault in application code is a 500 JSON server_error without a stack trace")
    default void r19ServerError(ProviderContract contract) {
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
        Dispatcher bad = contract.with(b -> b.siteAdapter(broken));
        Response r = bad.token("grant_type", "password", "username", "alice", "password", "wonderland");
        assertOAuthError(r, 500, "server_error");
        assertThat(r.body()).doesNotContain("hunter2").doesNotContain("IllegalState");
        Response auth = bad.authorize(authorizeQuery());
        assertRedirectError(auth, "server_error");
    }

    @Test
    @DisplayName("R38 a SiteAdapter written the python-oauth2 way cannot be steered into its password branch at the authorization endpoint")
    default void r38PythonShapedSiteAdapter(ProviderContract contract) {
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
                throw new UserNotAuthenticated();
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
        Dispatcher py = contract.with(b -> b.siteAdapter(pythonShaped));
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
    default void r38PasswordGrantNeedsItsOwnCheck(ProviderContract contract, Stores stores, MutableClock clock) {
        SiteAdapter consentOnly = new SiteAdapter() {
            @Override
            public Map<String, String> authenticate(Request request, Map<String, Object> environ, List<String> scopes,
                    Client client) {
                throw new UserNotAuthenticated();
            }

            @Override
            public Response renderAuthPage(Request request, Response response, Map<String, Object> environ,
                    List<String> scopes, Client client) {
                return response;
            }
        };
        assertThatThrownBy(() -> contract.with(b -> b.siteAdapter(consentOnly)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("authenticateResourceOwner");
        Dispatcher ccOnly = new Dispatcher(Provider.builder().issuer(ContractFixture.ISSUER)
                .accessTokenStore(stores.tokens()).authCodeStore(stores.codes()).clientStore(ContractFixture.clients())
                .siteAdapter(consentOnly).clock(clock).grant(new ClientCredentialsGrant()).build());
        assertThat(ccOnly.token("grant_type", "client_credentials").status()).isEqualTo(200);
    }
}
