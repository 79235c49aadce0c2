package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.CHALLENGE;
import static org.oauth2kit.testkit.HttpContract.STATE;
import static org.oauth2kit.testkit.HttpContract.VERIFIER;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.authorizationHeader;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.codeRequest;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;
import static org.oauth2kit.testkit.HttpContract.redirectParams;
import static org.oauth2kit.testkit.HttpContract.s256;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link HttpContract}: the authorization code grant with PKCE, from the login page to the resource. */
interface HttpCodeGrantTests {

    @Test
    @DisplayName("R11 GET shows the SiteAdapter's login page, uncached; POSTing consent redirects with code, state and iss")
    default void fullFlow(HttpContract server) throws Exception {
        assertThat(s256(VERIFIER)).as("RFC 7636 Appendix B").isEqualTo(CHALLENGE);
        HttpResponse<String> page = server.get("/authorize?" + form(codeRequest()));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains("<form method=\"POST\"");

        HttpResponse<String> approved = server.approve(codeRequest());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        assertThat(approved.headers().firstValue("Cache-Control")).contains("no-store");
        Map<String, String> q = redirectParams(approved, false);
        assertThat(q.get("state")).isEqualTo(STATE);
        assertThat(q.get("iss")).isEqualTo(ContractFixture.ISSUER);
        // a lower bound only: createProvider may choose another token generator; the exact form of the
        // default one is ProviderContract's to check (R13)
        assertThat(q.get("code")).hasSizeGreaterThanOrEqualTo(22);

        HttpResponse<String> tokens = server.redeem(q.get("code"));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(tokens.headers().firstValue("Pragma")).contains("no-cache");
        assertThat(JsonFields.string(tokens.body(), "token_type")).isEqualTo("Bearer");
        // the fixture's access-token lifetime: one hour
        assertThat(JsonFields.number(tokens.body(), "expires_in")).isEqualTo(3600L);
        assertThat(JsonFields.string(tokens.body(), "scope")).isEqualTo("read write");
        assertThat(JsonFields.string(tokens.body(), "refresh_token")).isNotBlank();

        HttpResponse<String> me = server.get("/api/me", "Authorization",
                authorizationHeader(JsonFields.string(tokens.body(), "access_token")));
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JsonFields.string(me.body(), "sub")).isEqualTo(ContractSiteAdapter.USERNAME);
        assertThat(JsonFields.string(me.body(), "client_id")).isEqualTo(ContractFixture.CLIENT_ID);
    }

    @Test
    @DisplayName("R11 the whole authorization request may be POSTed as a form")
    default void postedRequest(HttpContract server) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(codeRequest());
        all.putAll(params("username", ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD,
                "consent", "allow"));
        HttpResponse<String> r = server.postForm("/authorize", form(all));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        Map<String, String> q = redirectParams(r, false);
        assertThat(server.redeem(q.get("code")).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R7 a user who denies: access_denied in the query, with state and iss")
    default void denied(HttpContract server) throws Exception {
        HttpResponse<String> r = server.postForm("/authorize?" + form(codeRequest()), "consent=deny");
        assertThat(r.statusCode()).isEqualTo(302);
        Map<String, String> q = redirectParams(r, false);
        assertThat(q).containsEntry("error", "access_denied").containsEntry("state", STATE)
                .containsEntry("iss", ContractFixture.ISSUER).doesNotContainKey("code");
    }

    @Test
    @DisplayName("R4 a public client redeems its code with PKCE and client_id alone, and gets a refresh token")
    default void publicClient(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.put("client_id", ContractFixture.PUBLIC_CLIENT_ID);
        String code = server.code(request);
        HttpResponse<String> r = server.postForm("/token", form(params("grant_type", "authorization_code",
                "code", code, "redirect_uri", ContractFixture.REDIRECT_URI, "client_id",
                ContractFixture.PUBLIC_CLIENT_ID, "code_verifier", VERIFIER)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JsonFields.string(r.body(), "refresh_token")).isNotBlank();
    }

    @Test
    @DisplayName("R10 a public client without code_challenge gets invalid_request at its redirect URI")
    default void publicClientNeedsPkce(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.put("client_id", ContractFixture.PUBLIC_CLIENT_ID);
        request.remove("code_challenge");
        request.remove("code_challenge_method");
        Map<String, String> q = redirectParams(server.approve(request), false);
        assertThat(q).containsEntry("error", "invalid_request").containsEntry("state", STATE)
                .containsEntry("iss", ContractFixture.ISSUER);
    }

    @Test
    @DisplayName("R10 code_challenge_method=plain is refused unless enabled")
    default void plainRefused(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.put("code_challenge", VERIFIER);
        request.put("code_challenge_method", "plain");
        assertThat(redirectParams(server.approve(request), false)).containsEntry("error", "invalid_request");
    }

    @Test
    @DisplayName("R10 a wrong or missing code_verifier is invalid_grant, and a verifier for a code without challenge too")
    default void wrongVerifier(HttpContract server) throws Exception {
        assertJsonError(server.redeem(server.code(codeRequest()), "code_verifier", VERIFIER.replace('d', 'e')), 400,
                "invalid_grant");
        assertJsonError(server.redeem(server.code(codeRequest()), "code_verifier", null), 400, "invalid_grant");
        Map<String, String> noPkce = codeRequest();
        noPkce.remove("code_challenge");
        noPkce.remove("code_challenge_method");
        String code = server.code(noPkce);
        assertJsonError(server.redeem(code, "code_verifier", VERIFIER), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R13 the redirect_uri sent to /authorize must be sent again, identical, to /token")
    default void redirectUriRepeated(HttpContract server) throws Exception {
        assertJsonError(server.redeem(server.code(codeRequest()), "redirect_uri", null), 400, "invalid_grant");
        assertJsonError(server.redeem(server.code(codeRequest()), "redirect_uri", ContractFixture.REDIRECT_URI + "/"),
                400, "invalid_grant");
    }

    @Test
    @DisplayName("R13 without redirect_uri at /authorize, /token accepts none or the client's only registered URI, nothing else")
    default void redirectUriOmitted(HttpContract server) throws Exception {
        Map<String, String> request = codeRequest();
        request.remove("redirect_uri");
        HttpResponse<String> registered = server.redeem(server.code(request));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(server.redeem(server.code(request), "redirect_uri", null).statusCode()).isEqualTo(200);
        assertJsonError(server.redeem(server.code(request), "redirect_uri", ContractFixture.SECOND_REDIRECT_URI), 400,
                "invalid_grant");
    }

    @Test
    @DisplayName("R13 a code is useless once its lifetime (default 60 s) has passed")
    default void codeExpires(HttpContract server) throws Exception {
        String code = server.code(codeRequest());
        server.clock.advance(Duration.ofSeconds(61));
        assertJsonError(server.redeem(code), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R15 a second redemption is invalid_grant and revokes the tokens of the first")
    default void secondRedemption(HttpContract server) throws Exception {
        String code = server.code(codeRequest());
        HttpResponse<String> first = server.redeem(code);
        assertThat(first.statusCode()).isEqualTo(200);
        String access = JsonFields.string(first.body(), "access_token");
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(200);
        assertJsonError(server.redeem(code), 400, "invalid_grant");
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(access)).statusCode()).isEqualTo(401);
        HttpResponse<String> refresh = server.postForm("/token", form(params("grant_type", "refresh_token",
                "refresh_token", JsonFields.string(first.body(), "refresh_token"))),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertJsonError(refresh, 400, "invalid_grant");
    }

    @Test
    @DisplayName("R16 another client cannot redeem the code, and its attempt does not burn it")
    default void otherClient(HttpContract server) throws Exception {
        String code = server.code(codeRequest());
        HttpResponse<String> stolen = server.postForm("/token", form(params("grant_type", "authorization_code",
                "code", code, "redirect_uri", ContractFixture.REDIRECT_URI, "code_verifier", VERIFIER)),
                "Authorization", basic(ContractFixture.CLIENT2_ID, ContractFixture.CLIENT2_SECRET));
        assertJsonError(stolen, 400, "invalid_grant");
        assertThat(server.redeem(code).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("R14 many simultaneous redemptions of one code over HTTP: exactly one gets tokens")
    default void concurrentRedemption(HttpContract server) throws Exception {
        String code = server.code(codeRequest());
        List<HttpResponse<String>> all = server.concurrently(8, "/token", form(params("grant_type",
                "authorization_code", "code", code, "redirect_uri", ContractFixture.REDIRECT_URI, "code_verifier",
                VERIFIER)), "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertThat(all).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(all).filteredOn(r -> r.statusCode() == 400).hasSize(7)
                .allSatisfy(r -> assertThat(JsonFields.string(r.body(), "error")).isEqualTo("invalid_grant"));
    }
}
