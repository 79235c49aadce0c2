package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.HttpContract.VERIFIER;
import static org.oauth2kit.testkit.HttpContract.STATE;
import static org.oauth2kit.testkit.HttpContract.assertJsonError;
import static org.oauth2kit.testkit.HttpContract.assertNoInternals;
import static org.oauth2kit.testkit.HttpContract.authorizationHeader;
import static org.oauth2kit.testkit.HttpContract.basic;
import static org.oauth2kit.testkit.HttpContract.codeRequest;
import static org.oauth2kit.testkit.HttpContract.form;
import static org.oauth2kit.testkit.HttpContract.params;
import static org.oauth2kit.testkit.HttpContract.redirectParams;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpContract}: what the adapter must pass on untouched in both directions: every header
 * of a response, requests with browser headers, the Provider's 404 and its 503 when the store is
 * down.
 */
interface HttpPassThroughTests {

    @Test
    @DisplayName("R39 responses reach the client whole: a header sent twice (Set-Cookie) arrives twice; HEAD is answered without a body")
    default void responsesWhole(HttpContract server) throws Exception {
        HttpResponse<String> page = server.get("/authorize?" + form(codeRequest()));
        assertThat(page.headers().allValues("Set-Cookie")).containsExactlyElementsOf(ContractSiteAdapter.COOKIES);
        HttpResponse<String> head = server.send("HEAD", server.provider.metadataPath(), null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    @DisplayName("R39 requests carrying Origin and Referer, as browsers send them, are answered as without them")
    default void browserHeaders(HttpContract server) throws Exception {
        String[] browser = {"Origin", server.base.toString(), "Referer", server.base + "/somewhere"};
        HttpResponse<String> metadata = server.get(server.provider.metadataPath(), browser);
        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
        assertThat(server.get("/no-such-endpoint", browser).statusCode()).isEqualTo(404);

        HttpResponse<String> page = server.get("/authorize?" + form(codeRequest()), browser);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"POST\"");
        HttpResponse<String> approved = server.postForm("/authorize?" + form(codeRequest()), form(params("username",
                ContractSiteAdapter.USERNAME, "password", ContractSiteAdapter.PASSWORD, "consent", "allow")), browser);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        String code = redirectParams(approved, false).get("code");

        HttpResponse<String> tokens = server.postForm("/token", form(params("grant_type", "authorization_code",
                "code", code, "redirect_uri", ContractFixture.REDIRECT_URI, "code_verifier", VERIFIER)),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET), "Origin",
                server.base.toString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String token = JsonFields.string(tokens.body(), "access_token");
        HttpResponse<String> me = server.get("/api/me", "Authorization", authorizationHeader(token), "Origin",
                server.base.toString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        HttpResponse<String> anonymous = server.get("/api/me", browser);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("R35 an unknown path below the mount point is 404, not 500")
    default void unknownPath(HttpContract server) throws Exception {
        HttpResponse<String> r = server.get("/no-such-endpoint");
        assertThat(r.statusCode()).isEqualTo(404);
        assertNoInternals(r);
    }

    @Test
    @DisplayName("R36 a store that is down gives 503 JSON with Retry-After everywhere, and service resumes when it is back")
    default void storeDown(HttpContract server) throws Exception {
        String token = server.clientCredentialsToken("read");
        server.outage.down(true);
        HttpResponse<String> issue = server.postForm("/token", form(params("grant_type", "client_credentials")),
                "Authorization", basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET));
        assertJsonError(issue, 503, "temporarily_unavailable");
        assertThat(issue.headers().firstValue("Retry-After")).contains("7");
        HttpResponse<String> resource = server.get("/api/me", "Authorization", authorizationHeader(token));
        assertThat(resource.statusCode()).isEqualTo(503);
        assertThat(resource.headers().firstValue("Retry-After")).contains("7");
        assertNoInternals(resource);
        HttpResponse<String> authorize = server.approve(codeRequest());
        assertThat(redirectParams(authorize, false)).containsEntry("error", "temporarily_unavailable")
                .containsEntry("state", STATE).doesNotContainKey("code");

        server.outage.down(false);
        assertThat(server.get("/api/me", "Authorization", authorizationHeader(token)).statusCode()).isEqualTo(200);
        assertThat(server.clientCredentialsToken("read")).isNotBlank();
        assertThat(server.redeem(server.code(codeRequest())).statusCode()).isEqualTo(200);
    }
}
