package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.authorizationHeader;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: refresh tokens: rotation, binding to the client, scope, races. */
interface HttpRefreshTests {

    private static HttpResponse<String> refresh(HttpContract server, String refreshToken, String clientId,
            String secret, String... extra) throws Exception {
        Map<String, String> p = params("grant_type", "refresh_token", "refresh_token", refreshToken);
        p.putAll(params(extra));
        return server.postForm("/token", form(p), "Authorization", basic(clientId, secret));
    }

    @Test
    @DisplayName("R25 each use rotates; the retired token is invalid_grant and revokes the whole family")
    default void rotation(HttpContract server) throws Exception {
        String first = JsonFields.string(server.passwordTokens("read write").body(), "refresh_token");
        HttpResponse<String> r1 = refresh(server, first, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
        assertThat(r1.statusCode()).as(r1.body()).isEqualTo(200);
        assertThat(r1.headers().firstValue("Cache-Control")).contains("no-store");
        String second = JsonFields.string(r1.body(), "refresh_token");
        String access = JsonFields.string(r1.body(), "access_token");
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(JsonFields.string(r1.body(), "scope")).isEqualTo("read write");

        assertJsonError(refresh(server, first, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), 400,
                "invalid_grant");
        assertJsonError(refresh(server, second, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), 400,
                "invalid_grant");
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("R23 another client presenting the refresh token gets invalid_grant; the owner still can use it")
    default void boundToClient(HttpContract server) throws Exception {
        String token = JsonFields.string(server.passwordTokens("read").body(), "refresh_token");
        assertJsonError(refresh(server, token, ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET), 400,
                "invalid_grant");
        assertThat(refresh(server, token, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET).statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("R24 a narrower scope is granted; a wider one is invalid_scope")
    default void scopeSubset(HttpContract server) throws Exception {
        String token = JsonFields.string(server.passwordTokens("read").body(), "refresh_token");
        assertJsonError(refresh(server, token, ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET,
                "scope", "read write"), 400, "invalid_scope");
        HttpResponse<String> narrower = refresh(server, JsonFields.string(server.passwordTokens("read write").body(),
                "refresh_token"), ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET, "scope", "read");
        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(200);
        assertThat(JsonFields.string(narrower.body(), "scope")).isEqualTo("read");
        String access = JsonFields.string(narrower.body(), "access_token");
        assertThat(server.get("/api/write", "Authorization", authorizationHeader(access)).statusCode())
                .isEqualTo(403);
    }

    @Test
    @DisplayName("R26 many simultaneous refreshes with one token over HTTP: exactly one succeeds")
    default void concurrentRefresh(HttpContract server) throws Exception {
        String token = JsonFields.string(server.passwordTokens("read").body(), "refresh_token");
        List<HttpResponse<String>> all = server.concurrently(8, "/token", form(params("grant_type", "refresh_token",
                "refresh_token", token)), "Authorization",
                basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(all).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(all).filteredOn(r -> r.statusCode() == 400).hasSize(7)
                .allSatisfy(r -> assertThat(JsonFields.string(r.body(), "error")).isEqualTo("invalid_grant"));
    }
}
