package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_SECRET;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.ContractFixture.PUBLIC_CLIENT_ID;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** {@link ProviderContract}: revocation (R32), introspection (R33) and authorization server metadata (R34). */
interface ProviderRevocationTests {

    @Test
    @DisplayName("R32 revoking an access token revokes it; revoking a refresh token revokes its access tokens too")
    default void r32Revocation(Dispatcher d) {
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
    default void r32Rules(Dispatcher d) {
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
    default void r33Active(Dispatcher d, MutableClock clock) {
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
    default void r33Inactive(ProviderContract contract, Dispatcher d) {
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
        Dispatcher strict = contract.with(b -> b.introspectionPolicy(c -> c.clientId().equals(CLIENT2_ID)));
        assertOAuthError(strict.post("/introspect", form("token", field(t, "refresh_token")), "Authorization", auth),
                400, "unauthorized_client");
    }

    @Test
    @DisplayName("R34 metadata lists the configured issuer, every endpoint and only what is supported")
    default void r34Metadata(Dispatcher d, Stores stores) {
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
}
