package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.assertErrorPage;
import static org.oauth2kit.testkit.HttpContract.codeRequest;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.implicitRequest;
import static org.oauth2kit.testkit.HttpContract.location;
import static org.oauth2kit.testkit.HttpContract.params;
import static org.oauth2kit.testkit.HttpContract.redirectParams;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpContract}: what every authorization response carries (state, iss) and what every
 * page of the authorization endpoint does (no framing, no caching, no way around consent).
 */
interface HttpAuthorizationResponseTests {

    @Test
    @DisplayName("R8 state is echoed verbatim, whatever characters it holds, in success and error redirects alike")
    default void stateVerbatim(HttpContract server) throws Exception {
        String state = "a%20b+c&d=e#f \u00e9\u6f22 \"<x>\"";
        Map<String, String> request = codeRequest();
        request.put("state", state);
        assertThat(redirectParams(server.approve(request), false)).containsEntry("state", state).containsKey("code");
        request.put("scope", "admin");
        assertThat(redirectParams(server.approve(request), false)).containsEntry("state", state)
                .containsEntry("error", "invalid_scope");
        request.remove("state");
        assertThat(redirectParams(server.approve(request), false)).doesNotContainKey("state");
    }

    @Test
    @DisplayName("R9 iss is in every authorization response: code and token, success and error")
    default void issEverywhere(HttpContract server) throws Exception {
        Map<String, String> implicit = implicitRequest();
        Map<String, String> badScope = codeRequest();
        badScope.put("scope", "admin");
        Map<String, String> badImplicit = new LinkedHashMap<>(implicit);
        badImplicit.put("scope", "admin");
        assertThat(redirectParams(server.approve(codeRequest()), false)).containsEntry("iss", ContractFixture.ISSUER);
        assertThat(redirectParams(server.approve(badScope), false)).containsEntry("iss", ContractFixture.ISSUER);
        assertThat(redirectParams(server.approve(implicit), true)).containsEntry("iss", ContractFixture.ISSUER);
        assertThat(redirectParams(server.approve(badImplicit), true)).containsEntry("iss", ContractFixture.ISSUER);
    }

    @Test
    @DisplayName("R38 an authorization request carrying grant_type=password and a password gets the sign-in page, never a code or token")
    default void noConsentBypass(HttpContract server) throws Exception {
        for (Map<String, String> request : List.of(codeRequest(), implicitRequest())) {
            HttpResponse<String> r = server.postForm("/authorize?" + form(request), form(params("grant_type",
                    "password", "username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD)));
            assertThat(r.statusCode()).as(location(r)).isEqualTo(200);
            assertThat(r.headers().firstValue("Location")).isEmpty();
            assertThat(r.body()).contains("<form method=\"POST\"");
        }
    }

    @Test
    @DisplayName("R44 login, consent and error pages forbid framing and are not cached")
    default void pagesCannotBeFramed(HttpContract server) throws Exception {
        Map<String, String> unknownClient = codeRequest();
        unknownClient.put("client_id", "nobody");
        for (HttpResponse<String> page : List.of(server.get("/authorize?" + form(codeRequest())),
                server.get("/authorize?" + form(unknownClient)))) {
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @Test
    @DisplayName("R45 a state too long to be sent back is a 400 page before anything is stored, not a 500")
    default void stateTooLong(HttpContract server) throws Exception {
        // The whole request in a form body: servers refuse a request line this long themselves.
        Map<String, String> request = codeRequest();
        request.putAll(params("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                "consent", "allow"));
        request.put("state", "\u20ac".repeat(4000));
        String before = server.stores.rawDump().get();
        HttpResponse<String> r = server.postForm("/authorize", form(request));
        assertErrorPage(r, 400);
        assertThat(server.stores.rawDump().get()).isEqualTo(before);
        request.put("state", "\u20ac".repeat(500));
        assertThat(redirectParams(server.postForm("/authorize", form(request)), false))
                .containsEntry("state", "\u20ac".repeat(500)).containsKey("code");
    }
}
