package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.Dispatcher.field;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.BearerResult;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** {@link ProviderContract}: bearer-token validation for resource servers (R31, RFC 6750). */
interface ProviderBearerTests {

    @Test
    @DisplayName("R31 bearer validation: valid token, missing token, invalid token, insufficient scope")
    default void r31Bearer(Dispatcher d) {
        Response tokens = d.token("grant_type", "client_credentials", "scope", "read");
        String access = field(tokens, "access_token");
        BearerResult ok = d.bearer(access, "read");
        assertThat(ok.accessToken()).hasValueSatisfying(t -> {
            assertThat(t.clientId()).isEqualTo(CLIENT_ID);
            assertThat(t.scopes()).containsExactly("read");
        });
        BearerResult missing = d.provider().validateBearer(Request.builder("GET", "/api").build(), "read");
        Response m = missing.rejection().orElseThrow();
        assertThat(m.status()).isEqualTo(401);
        assertThat(m.header("WWW-Authenticate")).startsWith("Bearer realm=\"oauth2kit\"").doesNotContain("error=");
        Response invalid = d.bearer("bogus-token", "read").rejection().orElseThrow();
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        Response scope = d.bearer(access, "write").rejection().orElseThrow();
        assertThat(scope.status()).isEqualTo(403);
        assertThat(scope.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"").contains("scope=\"write\"");
        Response malformed = d.bearer("a b", "read").rejection().orElseThrow();
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(d.provider().validateBearer(Request.builder("GET", "/api")
                .header("Authorization", "bearer " + access).build(), "read").isAuthorized()).isTrue();
    }

    @Test
    @DisplayName("R31 tokens in the query string are refused unless enabled; two tokens are invalid_request")
    default void r31Query(ProviderContract contract, Dispatcher d) {
        String access = field(d.token("grant_type", "client_credentials"), "access_token");
        Request inQuery = Request.builder("GET", "/api").rawQuery("access_token=" + access).build();
        Response refused = d.provider().validateBearer(inQuery).rejection().orElseThrow();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_request\"");
        assertThat(contract.with(b -> b.allowBearerInQuery(true)).provider().validateBearer(inQuery).isAuthorized())
                .isTrue();
        Request both = Request.builder("GET", "/api").rawQuery("access_token=" + access)
                .header("Authorization", "Bearer " + access).build();
        assertThat(contract.with(b -> b.allowBearerInQuery(true)).provider().validateBearer(both).rejection()
                .orElseThrow().status()).isEqualTo(400);
    }
}
