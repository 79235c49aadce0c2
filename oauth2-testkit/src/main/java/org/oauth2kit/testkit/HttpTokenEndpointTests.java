package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.authorizationHeader;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: the token endpoint, its grants and the form of its requests. */
interface HttpTokenEndpointTests {

    @Test
    @DisplayName("R18 client credentials over HTTP: JSON token response with no-store headers")
    default void clientCredentials(HttpContract server) throws Exception {
        HttpResponse<String> r = server.postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                .isEqualToIgnoringCase("application/json;charset=UTF-8");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
        assertThat(JsonFields.string(r.body(), "token_type")).isEqualTo("Bearer");
        // a lower bound only: createProvider may choose another token generator; the exact form of the
        // default one is ProviderContract's to check (R28)
        assertThat(JsonFields.string(r.body(), "access_token")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(JsonFields.string(r.body(), "scope")).isEqualTo("read");
    }

    @Test
    @DisplayName("R22 client credentials: no refresh token, and a public client may not use it")
    default void clientCredentialsLimits(HttpContract server) throws Exception {
        HttpResponse<String> r = server.postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JsonFields.string(r.body(), "refresh_token")).isNull();
        assertJsonError(server.postForm("/token", form(params("grant_type", "client_credentials", "client_id",
                ContractFixture.PUBLIC_CLIENT_ID))), 400, "unauthorized_client");
    }

    @Test
    @DisplayName("R21 password grant: right credentials get tokens, a wrong password is invalid_grant")
    default void password(HttpContract server) throws Exception {
        HttpResponse<String> ok = server.passwordTokens("read");
        assertThat(JsonFields.string(ok.body(), "refresh_token")).isNotBlank();
        HttpResponse<String> wrong = server.postForm("/token", form(params("grant_type", "password", "username",
                ContractSiteAdapter.USERNAME, "password", "nope")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertJsonError(wrong, 400, "invalid_grant");
    }

    @Test
    @DisplayName("R4 a public client can never use the password grant")
    default void passwordPublic(HttpContract server) throws Exception {
        assertJsonError(server.postForm("/token", form(params("grant_type", "password", "username",
                ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD, "client_id",
                ContractFixture.PUBLIC_CLIENT_ID))), 400, "unauthorized_client");
    }

    @Test
    @DisplayName("R5 a grant the client is not registered for is unauthorized_client")
    default void unauthorizedGrant(HttpContract server) throws Exception {
        assertJsonError(server.postForm("/token", form(params("grant_type", "password", "username",
                ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD)),
                "Authorization", basic(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET)),
                400, "unauthorized_client");
    }

    @Test
    @DisplayName("R20 an unknown grant_type is unsupported_grant_type; R19 a missing one invalid_request")
    default void unknownGrantType(HttpContract server) throws Exception {
        assertJsonError(server.postForm("/token", form(params("grant_type", "urn:example:magic")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                400, "unsupported_grant_type");
        assertJsonError(server.postForm("/token", form(params("scope", "read")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                400, "invalid_request");
    }

    @Test
    @DisplayName("R19 an unknown scope is invalid_scope")
    default void invalidScope(HttpContract server) throws Exception {
        assertJsonError(server.postForm("/token", form(params("grant_type", "client_credentials", "scope", "admin")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                400, "invalid_scope");
    }

    @Test
    @DisplayName("R12 a parameter sent twice is invalid_request")
    default void repeatedParameter(HttpContract server) throws Exception {
        assertJsonError(server.postForm("/token", "grant_type=client_credentials&scope=read&scope=write",
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                400, "invalid_request");
    }

    @Test
    @DisplayName("R17 GET is 405 with Allow: POST, as JSON")
    default void getRefused(HttpContract server) throws Exception {
        HttpResponse<String> r = server.get("/token?grant_type=client_credentials",
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertJsonError(r, 405, "invalid_request");
        assertThat(r.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    @DisplayName("R35 other methods at /token are 405, never 500")
    default void otherMethods(HttpContract server) throws Exception {
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = server.send(method, "/token", "grant_type=client_credentials"
                    .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
            assertJsonError(r, 405, "invalid_request");
        }
    }

    @Test
    @DisplayName("R17 a body that is not a form (JSON, none, no content type) is 400 invalid_request")
    default void wrongContentType(HttpContract server) throws Exception {
        String auth = basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET);
        assertJsonError(server.post("/token", "application/json", "{\"grant_type\":\"client_credentials\"}",
                "Authorization", auth), 400, "invalid_request");
        assertJsonError(server.post("/token", null, "grant_type=client_credentials", "Authorization", auth), 400,
                "invalid_request");
        assertJsonError(server.post("/token", "text/plain", "grant_type=client_credentials", "Authorization", auth),
                400, "invalid_request");
        assertJsonError(server.post("/token", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                "grant_type=client_credentials", "Authorization", auth), 400, "invalid_request");
    }

    @Test
    @DisplayName("R17 a form content type with charset=UTF-8 and any case is accepted")
    default void contentTypeParameters(HttpContract server) throws Exception {
        HttpResponse<String> r = server.post("/token", "Application/X-WWW-Form-URLEncoded; charset=UTF-8",
                "grant_type=client_credentials", "Authorization",
                basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R27 expires_in reports the access-token lifetime (default one hour), and the token dies then")
    default void lifetimes(HttpContract server) throws Exception {
        HttpResponse<String> r = server.passwordTokens("read");
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(3600L);
        String access = JsonFields.string(r.body(), "access_token");
        server.clock.advance(Duration.ofSeconds(3599));
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(1));
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
        // the refresh token outlives it
        HttpResponse<String> refreshed = server.postForm("/token", form(params("grant_type", "refresh_token",
                "refresh_token", JsonFields.string(r.body(), "refresh_token"))),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R40 an extension grant defined outside the core is served end to end: token, resource, refresh, metadata")
    default void extensionGrant(HttpContract server) throws Exception {
        HttpResponse<String> r = server.postForm("/token", form(params("grant_type", ApiKeyGrant.GRANT_TYPE,
                "api_key", ContractFixture.API_KEY, "scope", "read")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        HttpResponse<String> me = server.get("/api/me", "Authorization",
                authorizationHeader(JsonFields.string(r.body(), "access_token")));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JsonFields.string(me.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        HttpResponse<String> refreshed = server.postForm("/token", form(params("grant_type", "refresh_token",
                "refresh_token", JsonFields.string(r.body(), "refresh_token"))),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertJsonError(server.postForm("/token", form(params("grant_type", ApiKeyGrant.GRANT_TYPE, "api_key",
                "wrong")), "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)), 400,
                "invalid_grant");
        assertThat(server.get(server.provider.metadataPath()).body()).contains(ApiKeyGrant.GRANT_TYPE);
    }
}
