package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.ContractFixture.PUBLIC_CLIENT_ID;
import static org.oauth2kit.testkit.Dispatcher.CHALLENGE;
import static org.oauth2kit.testkit.Dispatcher.VERIFIER;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;
import static org.oauth2kit.testkit.ProviderContract.assertRedirectError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Response;

/** {@link ProviderContract}: confidential and public clients, how they authenticate and what they may use (R1-R5). */
interface ProviderClientAuthenticationTests {

    @Test
    @DisplayName("R1 a confidential client authenticates by HTTP Basic and by client_secret_post alike")
    default void r1BothMethods(Dispatcher d) {
        assertThat(d.token("grant_type", "client_credentials").status()).isEqualTo(200);
        Response post = d.post("/token", form("grant_type", "client_credentials", "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET));
        assertThat(post.status()).as(post.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R1 HTTP Basic with form-urlencoded id and secret is decoded (RFC 6749 §2.3.1)")
    default void r1BasicEncoding(Dispatcher d) {
        Response r = d.post("/token", form("grant_type", "client_credentials"), "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("abc:%78%79%7A".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R1 two authentication methods in one request are invalid_request")
    default void r1TwoMethods(Dispatcher d) {
        Response r = d.post("/token", form("grant_type", "client_credentials", "client_secret", CLIENT_SECRET),
                "Authorization", basic(CLIENT_ID, CLIENT_SECRET));
        assertOAuthError(r, 400, "invalid_request");
    }

    @Test
    @DisplayName("R2 unknown client and wrong secret get the same 401 invalid_client, with a Basic challenge when Basic was tried")
    default void r2SameAnswer(Dispatcher d) {
        Response unknown = d.tokenAs("nobody", CLIENT_SECRET, "grant_type", "client_credentials");
        Response wrong = d.tokenAs(CLIENT_ID, "wrong", "grant_type", "client_credentials");
        assertOAuthError(unknown, 401, "invalid_client");
        assertOAuthError(wrong, 401, "invalid_client");
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(unknown.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(wrong.header("WWW-Authenticate")).isEqualTo(unknown.header("WWW-Authenticate"));
        Response body = d.post("/token", form("grant_type", "client_credentials", "client_id", CLIENT_ID,
                "client_secret", "wrong"));
        assertOAuthError(body, 401, "invalid_client");
        assertThat(body.header("WWW-Authenticate")).isNull();
    }

    @Test
    @DisplayName("R2 a confidential client without its secret, or no client at all, is invalid_client")
    default void r2MissingSecret(Dispatcher d) {
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials", "client_id", CLIENT_ID)), 401,
                "invalid_client");
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials")), 401, "invalid_client");
    }

    @Test
    @DisplayName("R4 a public client uses the code grant with PKCE and refreshes, but never client_credentials or password")
    default void r4PublicClient(Dispatcher d) {
        Response auth = d.authorize(form("response_type", "code", "client_id", PUBLIC_CLIENT_ID, "code_challenge",
                CHALLENGE, "code_challenge_method", "S256"));
        String code = Wire.query(auth.header("Location")).get("code");
        Response tokens = d.post("/token", form("grant_type", "authorization_code", "code", code, "client_id",
                PUBLIC_CLIENT_ID, "code_verifier", VERIFIER));
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        Response refreshed = d.post("/token", form("grant_type", "refresh_token", "client_id", PUBLIC_CLIENT_ID,
                "refresh_token", field(tokens, "refresh_token")));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertOAuthError(d.post("/token", form("grant_type", "client_credentials", "client_id", PUBLIC_CLIENT_ID)),
                400, "unauthorized_client");
        assertOAuthError(d.post("/token", form("grant_type", "password", "client_id", PUBLIC_CLIENT_ID, "username",
                "alice", "password", "wonderland")), 400, "unauthorized_client");
    }

    @Test
    @DisplayName("R4 a public client without PKCE is refused at the authorization endpoint")
    default void r4PublicNeedsPkce(Dispatcher d) {
        Response r = d.authorize(form("response_type", "code", "client_id", PUBLIC_CLIENT_ID));
        assertRedirectError(r, "invalid_request");
    }

    @Test
    @DisplayName("R5 a grant or response type the client may not use is unauthorized_client, checked after authentication")
    default void r5Unauthorized(Dispatcher d) {
        Response r = d.tokenAs(ContractFixture.CC_ONLY_CLIENT_ID, ContractFixture.CC_ONLY_CLIENT_SECRET, "grant_type",
                "password", "username", "alice", "password", "wonderland");
        assertOAuthError(r, 400, "unauthorized_client");
        Response stranger = d.tokenAs(ContractFixture.CC_ONLY_CLIENT_ID, "wrong", "grant_type", "password",
                "username", "alice", "password", "wonderland");
        assertOAuthError(stranger, 401, "invalid_client");
        Response implicit = d.authorize(form("response_type", "token", "client_id", PUBLIC_CLIENT_ID));
        assertThat(Wire.fragment(implicit.header("Location")).get("error")).isEqualTo("unauthorized_client");
    }
}
