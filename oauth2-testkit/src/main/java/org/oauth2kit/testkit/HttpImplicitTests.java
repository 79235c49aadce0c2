package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.STATE;
import static org.oauth2kit.testkit.HttpContract.authorizationHeader;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.implicitRequest;
import static org.oauth2kit.testkit.HttpContract.redirectParams;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: the implicit grant, whose answers go in the fragment. */
interface HttpImplicitTests {

    @Test
    @DisplayName("R7 tokens go in the fragment, with state and iss, and work at the resource")
    default void success(HttpContract server) throws Exception {
        HttpResponse<String> r = server.approve(implicitRequest());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        Map<String, String> f = redirectParams(r, true);
        assertThat(f).containsEntry("token_type", "Bearer").containsEntry("state", STATE)
                .containsEntry("iss", ContractFixture.ISSUER).containsKey("expires_in")
                .doesNotContainKey("refresh_token").doesNotContainKey("code");
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(f.get("access_token"))).statusCode())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("R7 errors of a token request go in the fragment")
    default void errorInFragment(HttpContract server) throws Exception {
        Map<String, String> request = implicitRequest();
        request.put("scope", "admin");
        assertThat(redirectParams(server.get("/authorize?" + form(request)), true))
                .containsEntry("error", "invalid_scope").containsEntry("state", STATE)
                .containsEntry("iss", ContractFixture.ISSUER);
        HttpResponse<String> denied = server.postForm("/authorize?" + form(implicitRequest()), "consent=deny");
        assertThat(redirectParams(denied, true)).containsEntry("error", "access_denied");
    }

    @Test
    @DisplayName("R5 a client not registered for response_type=token gets unauthorized_client")
    default void unauthorizedClient(HttpContract server) throws Exception {
        Map<String, String> request = implicitRequest();
        request.put("client_id", ContractFixture.PUBLIC_CLIENT_ID);
        assertThat(redirectParams(server.approve(request), true)).containsEntry("error", "unauthorized_client")
                .containsEntry("state", STATE);
    }
}
