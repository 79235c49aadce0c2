package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_SECRET;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_SECRET;
import static org.oauth2kit.testkit.ContractFixture.REDIRECT_URI;
import static org.oauth2kit.testkit.Dispatcher.CHALLENGE;
import static org.oauth2kit.testkit.Dispatcher.VERIFIER;
import static org.oauth2kit.testkit.Dispatcher.basic;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.Dispatcher.form;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;
import static org.oauth2kit.testkit.ProviderContract.assertRedirectError;
import static org.oauth2kit.testkit.ProviderContract.authorizeQuery;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Response;

/**
 * {@link ProviderContract}: authorization codes: PKCE (R10), lifetime and bindings (R13), one
 * redemption only, even under a race (R14-R16).
 */
interface ProviderCodeTests {

    @Test
    @DisplayName("R10 PKCE S256 with the RFC 7636 Appendix B vector; a wrong or missing verifier is invalid_grant")
    default void r10S256(Dispatcher d) {
        String code = d.code(CLIENT_ID);
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "code_verifier", VERIFIER.replace('d', 'e')), 400, "invalid_grant");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI,
                "code_verifier", "short"), 400, "invalid_grant");
        // failed attempts did not burn the code: the right verifier still works
        assertThat(d.redeem(code).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R10 plain is refused unless enabled, and a challenge-less code refuses a code_verifier")
    default void r10PlainAndDowngrade(ProviderContract contract, Dispatcher d) {
        assertRedirectError(d.authorize(authorizeQuery().replace("code_challenge_method=S256",
                "code_challenge_method=plain")), "invalid_request");
        assertRedirectError(d.authorize(form("response_type", "code", "client_id", CLIENT_ID, "code_challenge",
                VERIFIER)), "invalid_request"); // method defaults to plain
        Dispatcher plain = contract.with(b -> b.allowPlainPkce(true));
        Response ok = plain.authorize(form("response_type", "code", "client_id", CLIENT_ID, "code_challenge", VERIFIER,
                "code_challenge_method", "plain"));
        String plainCode = Wire.query(ok.header("Location")).get("code");
        assertThat(plain.token("grant_type", "authorization_code", "code", plainCode, "code_verifier", VERIFIER)
                .status()).isEqualTo(200);
        Response noPkce = d.authorize(form("response_type", "code", "client_id", CLIENT_ID));
        String code = Wire.query(noPkce.header("Location")).get("code");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER), 400,
                "invalid_grant");
    }

    @Test
    @DisplayName("R10 requirePkce makes PKCE mandatory for confidential clients too; malformed challenges are refused")
    default void r10RequireForAll(ProviderContract contract, Dispatcher d) {
        Dispatcher strict = contract.with(b -> b.requirePkce(true));
        assertRedirectError(strict.authorize(form("response_type", "code", "client_id", CLIENT_ID)), "invalid_request");
        assertRedirectError(d.authorize(authorizeQuery().replace(CHALLENGE, "tooshort")), "invalid_request");
        assertRedirectError(d.authorize(authorizeQuery().replace("code_challenge_method=S256",
                "code_challenge_method=S512")), "invalid_request");
    }

    @Test
    @DisplayName("R13 codes are long random strings that expire after 60 seconds by default")
    default void r13Lifetime(Dispatcher d, MutableClock clock) {
        String code = d.code(CLIENT_ID);
        assertThat(code).matches("[A-Za-z0-9_-]{43}");
        assertThat(d.code(CLIENT_ID)).isNotEqualTo(code);
        clock.advance(Duration.ofSeconds(61));
        assertOAuthError(d.redeem(code), 400, "invalid_grant");
        String fresh = d.code(CLIENT_ID);
        clock.advance(Duration.ofSeconds(59));
        assertThat(d.redeem(fresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R13 a redirect_uri sent when authorizing must be sent again, identical, to the token endpoint")
    default void r13RedirectUriBinding(Dispatcher d) {
        String code = d.code(CLIENT_ID);
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "code_verifier", VERIFIER), 400,
                "invalid_grant");
        assertOAuthError(d.token("grant_type", "authorization_code", "code", code, "redirect_uri",
                REDIRECT_URI + "?x", "code_verifier", VERIFIER), 400, "invalid_grant");
        assertThat(d.redeem(code).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R13 the code binds scopes and the SiteAdapter's user data into the tokens")
    default void r13Binding(Dispatcher d) {
        Response tokens = d.codeGrant();
        assertThat(field(tokens, "scope")).isEqualTo("read write");
        Response intro = d.post("/introspect", form("token", field(tokens, "access_token")), "Authorization",
                basic(CLIENT_ID, CLIENT_SECRET));
        assertThat(field(intro, "sub")).isEqualTo("alice");
        assertThat(field(intro, "client_id")).isEqualTo(CLIENT_ID);
    }

    @Test
    @DisplayName("R14 when many requests redeem one code at once, exactly one gets tokens")
    default void r14Concurrent(Dispatcher d) throws Exception {
        for (int round = 0; round < 5; round++) {
            String code = d.code(CLIENT_ID);
            List<Response> results = Races.all(16, () -> d.redeem(code));
            assertThat(results.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
            assertThat(results).filteredOn(r -> r.status() != 200).hasSize(15)
                    .allSatisfy(r -> assertOAuthError(r, 400, "invalid_grant"));
        }
    }

    @Test
    @DisplayName("R15 a second redemption is invalid_grant and revokes every token issued from the code")
    default void r15SecondRedemption(Dispatcher d) {
        String code = d.code(CLIENT_ID);
        Response first = d.redeem(code);
        String access = field(first, "access_token");
        String refresh = field(first, "refresh_token");
        Response refreshed = d.refresh(refresh);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(d.bearer(access).isAuthorized()).isTrue();
        assertOAuthError(d.redeem(code), 400, "invalid_grant");
        assertThat(d.bearer(access).isAuthorized()).isFalse();
        assertThat(d.bearer(field(refreshed, "access_token")).isAuthorized()).isFalse();
        assertOAuthError(d.refresh(field(refreshed, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R16 a client cannot redeem another client's code, and cannot burn it either")
    default void r16OtherClient(Dispatcher d) {
        String code = d.code(CLIENT_ID);
        assertOAuthError(d.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER), 400, "invalid_grant");
        assertThat(d.redeem(code).status()).isEqualTo(200);
    }
}
