package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.authorizationHeader;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: token revocation (RFC 7009) and introspection (RFC 7662). */
interface HttpRevocationTests {

    private static HttpResponse<String> revoke(HttpContract server, String token, String clientId, String secret,
            String... extra) throws Exception {
        Map<String, String> p = params("token", token);
        p.putAll(params(extra));
        return server.postForm("/revoke", form(p), "Authorization", basic(clientId, secret));
    }

    private static HttpResponse<String> introspect(HttpContract server, String token) throws Exception {
        return server.postForm("/introspect", form(params("token", token)),
                "Authorization", basic(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET));
    }

    @Test
    @DisplayName("R32 a revoked access token stops working; an unknown token still gets 200")
    default void revokeAccessToken(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        HttpResponse<String> r = revoke(server, token, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(token)).statusCode()).isEqualTo(401);
        assertThat(revoke(server, "never-issued", ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)
                .statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R32 revoking a refresh token also revokes its access tokens")
    default void revokeRefreshToken(HttpContract server) throws Exception {
        HttpResponse<String> tokens = server.passwordTokens("read");
        String access = JsonFields.string(tokens.body(), "access_token");
        String refresh = JsonFields.string(tokens.body(), "refresh_token");
        assertThat(revoke(server, refresh, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET,
                "token_type_hint", "refresh_token").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
        assertJsonError(server.postForm("/token", form(params("grant_type", "refresh_token", "refresh_token",
                refresh)), "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                400, "invalid_grant");
    }

    @Test
    @DisplayName("R32 a client cannot revoke another client's token; unauthenticated revocation is 401")
    default void revokeOthers(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        assertJsonError(revoke(server, token, ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET), 400,
                "unauthorized_client");
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(token)).statusCode()).isEqualTo(200);
        assertJsonError(revoke(server, token, ContractFixture.CLIENT_ID, "wrong"), 401, "invalid_client");
    }

    @Test
    @DisplayName("R33 an active token is described; unknown, expired and revoked tokens are only active:false")
    default void introspection(HttpContract server) throws Exception {
        String token = JsonFields.string(server.passwordTokens("read").body(), "access_token");
        long issuedAt = server.clock.instant().getEpochSecond();
        HttpResponse<String> r = introspect(server, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(JsonFields.bool(r.body(), "active")).isTrue();
        assertThat(JsonFields.string(r.body(), "scope")).isEqualTo("read");
        assertThat(JsonFields.string(r.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
        assertThat(JsonFields.string(r.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        assertThat(JsonFields.string(r.body(), "token_type")).isEqualTo("Bearer");
        // the suite's clock stands still: issued now, for the fixture's one hour
        assertThat(JsonFields.number(r.body(), "iat")).isEqualTo(issuedAt);
        assertThat(JsonFields.number(r.body(), "exp")).isEqualTo(issuedAt + 3600);

        HttpResponse<String> unknown = introspect(server, "never-issued");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body().replace(" ", "")).isEqualTo("{\"active\":false}");

        server.clock.advance(Duration.ofHours(2));
        assertThat(introspect(server, token).body().replace(" ", "")).isEqualTo("{\"active\":false}");
    }

    @Test
    @DisplayName("R33 introspection needs an authenticated confidential client")
    default void introspectionAuthentication(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        assertJsonError(server.postForm("/introspect", form(params("token", token))), 401, "invalid_client");
        assertJsonError(server.postForm("/introspect", form(params("token", token, "client_id",
                ContractFixture.PUBLIC_CLIENT_ID))), 401, "invalid_client");
        HttpResponse<String> wrong = server.postForm("/introspect", form(params("token", token)),
                "Authorization", basic(ContractFixture.CLIENT_ID, "wrong"));
        assertJsonError(wrong, 401, "invalid_client");
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
    }
}
