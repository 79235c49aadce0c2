package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_SECRET;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.PUBLIC_CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.REDIRECT_URI;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.BearerResult;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.Grant;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.ResourceOwnerGrant;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.grant.ScopePolicy;
import org.oauth2kit.web.Response;

/**
 * {@link ProviderContract}: the open engine: grants written outside the core (R40), scope
 * policies of the application's own (R41) and per-grant lifetimes (R43).
 */
interface ProviderExtensionTests {

    @Test
    @DisplayName("R40 an extension grant written on the public SPI issues tokens that refresh, introspect, revoke and protect")
    default void r40ExtensionGrant(Dispatcher d) {
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
        assertOAuthError(d.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", ApiKeyGrant.GRANT_TYPE, "api_key",
                ContractFixture.API_KEY), 400, "unauthorized_client");
        assertOAuthError(d.post("/token", form("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key",
                ContractFixture.API_KEY, "client_id", PUBLIC_CLIENT_ID)), 400, "unauthorized_client");
    }

    @Test
    @DisplayName("R40 a grant registered twice replaces the first; a grant that is neither a token nor an authorization grant is refused")
    default void r40Registration(ProviderContract contract) {
        Dispatcher longLived = contract.with(b -> b.grant(new ClientCredentialsGrant(new Scope(ContractFixture.SCOPES,
                "read")).expiresIn(Duration.ofMinutes(5))));
        assertThat(JsonFields.number(longLived.token("grant_type", "client_credentials").body(), "expires_in"))
                .isEqualTo(300L);
        Grant neither = new Grant() {
            @Override
            public String grantType() {
                return "urn:example:nothing";
            }

            @Override
            public ScopePolicy scope() {
                return new Scope();
            }
        };
        assertThatThrownBy(() -> contract.with(b -> b.grant(neither))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("R41 a scope policy of the application's own decides per client; Scope.dropUnknown leaves out unknown scopes and names the granted ones")
    default void r41ScopePolicies(ProviderContract contract, Dispatcher d) {
        ScopePolicy perClient = (requested, client) -> client.clientId().equals(CLIENT_ID)
                ? List.of("read", "write") : List.of("read");
        Dispatcher custom = contract.with(b -> b.grant(new ClientCredentialsGrant(perClient)));
        assertThat(field(custom.token("grant_type", "client_credentials"), "scope")).isEqualTo("read write");
        assertThat(field(custom.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", "client_credentials"), "scope"))
                .isEqualTo("read");

        Scope lenient = new Scope(ContractFixture.SCOPES, "read").dropUnknown();
        Dispatcher dropping = contract.with(b -> b.grant(new ClientCredentialsGrant(lenient)));
        assertThat(field(dropping.token("grant_type", "client_credentials", "scope", "write admin"), "scope"))
                .isEqualTo("write");
        assertThat(field(dropping.token("grant_type", "client_credentials", "scope", "admin"), "scope"))
                .isEqualTo("read");
        assertOAuthError(d.token("grant_type", "client_credentials", "scope", "write admin"), 400, "invalid_scope");

        Dispatcher ignoring = contract.with(b -> b.grant(new ClientCredentialsGrant()));
        Response ignored = ignoring.token("grant_type", "client_credentials", "scope", "anything at all");
        assertThat(ignored.status()).isEqualTo(200);
        assertThat(ignored.body()).doesNotContain("\"scope\"");
    }

    @Test
    @DisplayName("R43 expires_in per grant (python-oauth2 1.x): each built-in grant may set its own access-token lifetime")
    default void r43ExpiresInPerGrant(ProviderContract contract, MutableClock clock) {
        Scope scope = new Scope(ContractFixture.SCOPES, "read");
        Dispatcher custom = contract.with(b -> b.grant(new AuthorizationCodeGrant(scope)
                .expiresIn(Duration.ofMinutes(2)))
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
}
