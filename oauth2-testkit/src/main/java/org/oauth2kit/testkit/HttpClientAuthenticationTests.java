package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: how clients authenticate at the token endpoint, and how failures look. */
interface HttpClientAuthenticationTests {

    @Test
    @DisplayName("R1 client_secret_post works as well as HTTP Basic")
    default void secretPost(HttpContract server) throws Exception {
        HttpResponse<String> r = server.postForm("/token", form(params("grant_type", "client_credentials",
                "client_id", ContractFixture.CLIENT_ID, "client_secret", ContractFixture.CLIENT_SECRET)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("R1 HTTP Basic and client_secret in one request is invalid_request")
    default void twoMethods(HttpContract server) throws Exception {
        assertJsonError(server.postForm("/token", form(params("grant_type", "client_credentials",
                "client_secret", ContractFixture.CLIENT_SECRET)),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)),
                400, "invalid_request");
    }

    @Test
    @DisplayName("R2 a wrong secret or unknown client over Basic: 401 invalid_client with a Basic challenge, same body")
    default void failedBasic(HttpContract server) throws Exception {
        HttpResponse<String> wrong = server.postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic(ContractFixture.CLIENT_ID, "wrong"));
        HttpResponse<String> unknown = server.postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic("nobody", "wrong"));
        for (HttpResponse<String> r : List.of(wrong, unknown)) {
            assertJsonError(r, 401, "invalid_client");
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic realm=");
        }
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    @DisplayName("R2 a wrong secret in the body: 401 invalid_client without a Basic challenge")
    default void failedPost(HttpContract server) throws Exception {
        HttpResponse<String> r = server.postForm("/token", form(params("grant_type", "client_credentials",
                "client_id", ContractFixture.CLIENT_ID, "client_secret", "wrong")));
        assertJsonError(r, 401, "invalid_client");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertJsonError(server.postForm("/token", form(params("grant_type", "client_credentials"))), 401,
                "invalid_client");
    }

    @Test
    @DisplayName("R35 malformed Basic credentials are 400 invalid_request, not 500")
    default void badBasic(HttpContract server) throws Exception {
        for (String header : List.of("Basic !!!not-base64!!!", "Basic " + Base64.getEncoder()
                .encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)), "Basic " + Base64.getEncoder()
                .encodeToString(new byte[] {(byte) 0xff, ':', 'x'}))) {
            assertJsonError(server.postForm("/token", form(params("grant_type", "client_credentials")),
                    "Authorization", header), 400, "invalid_request");
        }
    }
}
