package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.STATE;
import static org.oauth2kit.testkit.HttpContract.assertErrorPage;
import static org.oauth2kit.testkit.HttpContract.codeRequest;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;
import static org.oauth2kit.testkit.HttpContract.redirectParams;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpContract}: errors at the authorization endpoint, a page when the client or its
 * redirect URI is in doubt (R6), a redirect once both are known (R7).
 */
interface HttpAuthorizationErrorTests {

    @Test
    @DisplayName("R6 an unknown client_id gets a 400 page and no redirect")
    default void unknownClient(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.put("client_id", "nobody");
        assertErrorPage(server.get("/authorize?" + form(request)), 400);
        assertErrorPage(server.approve(request), 400);
    }

    @Test
    @DisplayName("R6 a missing client_id gets a 400 page and no redirect")
    default void missingClient(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.remove("client_id");
        assertErrorPage(server.get("/authorize?" + form(request)), 400);
    }

    @Test
    @DisplayName("R6 a redirect_uri that is not exactly a registered one gets a 400 page and no redirect")
    default void wrongRedirectUri(HttpContract server) throws Exception {
        for (String uri : List.of("https://evil.example/callback", ContractFixture.REDIRECT_URI + "/x",
                ContractFixture.REDIRECT_URI + "?a=b", "HTTP://localhost:8081/callback")) {
            Map<String, String> request = codeRequest();
            request.put("redirect_uri", uri);
            HttpResponse<String> r = server.get("/authorize?" + form(request));
            assertErrorPage(r, 400);
            assertThat(r.body()).doesNotContain("evil.example");
        }
    }

    @Test
    @DisplayName("R6 without redirect_uri: one registered URI is used, several are an error page")
    default void omittedRedirectUri(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.remove("redirect_uri");
        HttpResponse<String> single = server.approve(request);
        assertThat(single.statusCode()).isEqualTo(302);
        assertThat(redirectParams(single, false)).containsKey("code");
        request.put("client_id", ContractFixture.CLIENT2_ID);
        assertErrorPage(server.approve(request), 400);
    }

    @Test
    @DisplayName("R7 an unsupported response_type goes back in the query with state and iss")
    default void unsupportedResponseType(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.put("response_type", "id_token");
        HttpResponse<String> r = server.get("/authorize?" + form(request));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(redirectParams(r, false)).containsEntry("error", "unsupported_response_type")
                .containsEntry("state", STATE).containsEntry("iss", ContractFixture.ISSUER);
    }

    @Test
    @DisplayName("R7 an unknown scope is invalid_scope, with error_description, state and iss")
    default void invalidScope(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.put("scope", "read admin");
        Map<String, String> q = redirectParams(server.get("/authorize?" + form(request)), false);
        assertThat(q).containsEntry("error", "invalid_scope").containsKey("error_description")
                .containsEntry("state", STATE).containsEntry("iss", ContractFixture.ISSUER);
    }

    @Test
    @DisplayName("R12 a repeated parameter is invalid_request; a repeated client_id is an error page")
    default void repeatedParameters(HttpContract server) throws Exception {
        HttpResponse<String> r = server.get("/authorize?" + form(codeRequest()) + "&scope=read");
        assertThat(redirectParams(r, false)).containsEntry("error", "invalid_request")
                .containsEntry("state", STATE);
        assertErrorPage(server.get("/authorize?" + form(codeRequest()) + "&client_id=abc"), 400);
        // a parameter in both query and form is repeated too
        HttpResponse<String> both = server.postForm("/authorize?" + form(codeRequest()), form(params("scope", "read",
                "username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                "consent", "allow")));
        assertThat(redirectParams(both, false)).containsEntry("error", "invalid_request");
    }

    @Test
    @DisplayName("R11 methods other than GET and POST get 405 with Allow")
    default void wrongMethod(HttpContract server) throws Exception {
        HttpResponse<String> r = server.send("DELETE", "/authorize?" + form(codeRequest()), null);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow").orElse("")).contains("GET").contains("POST");
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }
}
