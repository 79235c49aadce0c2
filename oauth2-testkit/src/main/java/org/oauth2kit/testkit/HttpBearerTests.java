package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: the adapter's bearer-token idiom in front of the protected resources (RFC 6750). */
interface HttpBearerTests {

    @Test
    @DisplayName("R31 the protected resource answers a valid token, and refuses a missing one with a Bearer challenge")
    default void protectedResource(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        HttpResponse<String> ok = server.get("/api/me", "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(JsonFields.string(ok.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
        HttpResponse<String> missing = server.get("/api/me");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=")
                .doesNotContain("error=");
        HttpResponse<String> invalid = server.get("/api/me", "Authorization", "Bearer not-a-real-token");
        assertThat(invalid.statusCode()).isEqualTo(401);
        assertThat(invalid.headers().firstValue("WWW-Authenticate").orElse(""))
                .contains("error=\"invalid_token\"");
        HttpResponse<String> scope = server.get("/api/write", "Authorization", "Bearer " + token);
        assertThat(scope.statusCode()).isEqualTo(403);
        assertThat(scope.headers().firstValue("WWW-Authenticate").orElse(""))
                .contains("error=\"insufficient_scope\"").contains("scope=\"write\"");
    }

    @Test
    @DisplayName("R31 a token with the required scope reaches the write resource")
    default void writeScope(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read write");
        assertThat(server.get("/api/write", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R31 an expired token is invalid_token")
    default void expired(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        server.clock.advance(Duration.ofHours(1).plusSeconds(1));
        HttpResponse<String> r = server.get("/api/me", "Authorization", "Bearer " + token);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
    }

    @Test
    @DisplayName("R31 a token in the query string is refused by default")
    default void queryToken(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        HttpResponse<String> r = server.get("/api/me?access_token=" + token);
        // the Provider's refusal (RFC 6750 §3.1), which the adapter must pass on unchanged
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer")
                .contains("error=\"invalid_request\"");
    }

    @Test
    @DisplayName("R31 another scheme, a malformed token or two Authorization headers are refused, never 500")
    default void malformed(HttpContract server) throws Exception {
        assertThat(server.get("/api/me", "Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("a:b".getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = server.get("/api/me", "Authorization", "Bearer a b\"c");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");
        String token = server.clientCredentialsToken("read");
        HttpResponse<String> two = server.get("/api/me", "Authorization", "Bearer " + token,
                "Authorization", "Bearer " + token);
        assertThat(two.statusCode()).isEqualTo(400);
    }
}
