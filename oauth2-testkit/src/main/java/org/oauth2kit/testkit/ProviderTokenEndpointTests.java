package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.ContractFixture.PUBLIC_CLIENT_ID;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.web.Response;

/** {@link ProviderContract}: the token endpoint: the form of its requests, its answers, the built-in grants (R17-R22). */
interface ProviderTokenEndpointTests {

    @Test
    @DisplayName("R17 the token endpoint takes POST with a form body only; other requests get JSON errors")
    default void r17PostFormOnly(Dispatcher d) {
        Response get = d.get("/token", form("grant_type", "client_credentials"), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertOAuthError(get, 405, "invalid_request");
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertOAuthError(d.post("/token", "application/json", "{\"grant_type\":\"client_credentials\"}"
                .getBytes(StandardCharsets.UTF_8), "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400,
                "invalid_request");
        assertOAuthError(d.post("/token", null, "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8),
                "Authorization", basic(CLIENT_ID, CLIENT_SECRET)), 400, "invalid_request");
        Response charset = d.post("/token", "application/x-www-form-urlencoded; charset=UTF-8",
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(charset.status()).isEqualTo(200);
        assertThat(charset.header("Pragma")).isEqualTo("no-cache");
    }

    @Test
    @DisplayName("R18 a code grant returns access_token, token_type Bearer, expires_in, scope and refresh_token")
    default void r18Success(Dispatcher d) {
        Response r = d.codeGrant();
        assertThat(field(r, "access_token")).isNotBlank();
        assertThat(field(r, "token_type")).isEqualTo("Bearer");
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(3600L);
        assertThat(field(r, "scope")).isEqualTo("read write");
        assertThat(field(r, "refresh_token")).isNotBlank();
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Pragma")).isEqualTo("no-cache");
        Response password = d.token("grant_type", "password", "username", "alice", "password", "wonderland");
        assertThat(field(password, "refresh_token")).isNotBlank();
        assertThat(field(password, "scope")).isEqualTo("read");
    }

    @Test
    @DisplayName("R20 an unknown grant_type is unsupported_grant_type")
    default void r20UnknownGrant(Dispatcher d, Stores stores, MutableClock clock) {
        assertOAuthError(d.token("grant_type", "urn:example:magic"), 400, "unsupported_grant_type");
        assertOAuthError(d.token("grant_type", "implicit"), 400, "unsupported_grant_type");
        assertOAuthError(d.token("scope", "read"), 400, "invalid_request");
        Dispatcher ccOnly = new Dispatcher(Provider.builder().issuer(ContractFixture.ISSUER)
                .accessTokenStore(stores.tokens()).authCodeStore(stores.codes()).clientStore(ContractFixture.clients())
                .siteAdapter(new ContractSiteAdapter()).clock(clock).grant(new ClientCredentialsGrant()).build());
        assertOAuthError(ccOnly.token("grant_type", "password", "username", "alice", "password", "wonderland"), 400,
                "unsupported_grant_type");
    }

    @Test
    @DisplayName("R21 a wrong username or password is invalid_grant, not invalid_client")
    default void r21Password(Dispatcher d) {
        assertOAuthError(d.token("grant_type", "password", "username", "alice", "password", "nope"), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "password", "username", "bob", "password", "wonderland"), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "password", "username", "alice"), 400, "invalid_request");
        assertThat(d.token("grant_type", "password", "username", "alice", "password", "wonderland").status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("R22 client credentials: confidential clients only, and never a refresh token")
    default void r22ClientCredentials(Dispatcher d) {
        Response r = d.token("grant_type", "client_credentials", "scope", "read write");
        assertThat(r.status()).isEqualTo(200);
        assertThat(field(r, "refresh_token")).isNull();
        assertThat(field(r, "scope")).isEqualTo("read write");
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials", "client_id", PUBLIC_CLIENT_ID)),
                400, "unauthorized_client");
    }
}
