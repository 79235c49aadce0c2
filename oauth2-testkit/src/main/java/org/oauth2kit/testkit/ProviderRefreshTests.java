package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_ID;
import static org.oauth2kit.testkit.ContractFixture.CLIENT2_SECRET;
import static org.oauth2kit.testkit.ContractFixture.CLIENT_ID;
import static org.oauth2kit.testkit.Dispatcher.field;
import static org.oauth2kit.testkit.ProviderContract.assertOAuthError;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.web.Response;

/** {@link ProviderContract}: refresh tokens: binding, scope, rotation, races and lifetimes (R23-R27). */
interface ProviderRefreshTests {

    @Test
    @DisplayName("R23 a refresh token is bound to its client: another client gets invalid_grant and cannot burn it")
    default void r23Bound(Dispatcher d) {
        String refresh = field(d.codeGrant(), "refresh_token");
        assertOAuthError(d.tokenAs(CLIENT2_ID, CLIENT2_SECRET, "grant_type", "refresh_token", "refresh_token", refresh),
                400, "invalid_grant");
        assertThat(d.refresh(refresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R24 a refresh may narrow the scope but not widen it; omitted means the original")
    default void r24Scope(Dispatcher d) {
        Response password = d.token("grant_type", "password", "username", "alice", "password", "wonderland", "scope",
                "read");
        assertOAuthError(d.token("grant_type", "refresh_token", "refresh_token", field(password, "refresh_token"),
                "scope", "read write"), 400, "invalid_scope");
        Response same = d.refresh(field(password, "refresh_token"));
        assertThat(field(same, "scope")).isEqualTo("read");
        Response wide = d.codeGrant();
        Response narrowed = d.token("grant_type", "refresh_token", "refresh_token", field(wide, "refresh_token"),
                "scope", "write");
        assertThat(narrowed.status()).isEqualTo(200);
        assertThat(field(narrowed, "scope")).isEqualTo("write");
    }

    @Test
    @DisplayName("R25 rotation: each refresh returns a new refresh token; reusing a retired one revokes the family")
    default void r25Rotation(Dispatcher d) {
        Response first = d.codeGrant();
        Response second = d.refresh(field(first, "refresh_token"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(field(second, "refresh_token")).isNotEqualTo(field(first, "refresh_token"));
        Response third = d.refresh(field(second, "refresh_token"));
        assertThat(third.status()).isEqualTo(200);
        assertOAuthError(d.refresh(field(first, "refresh_token")), 400, "invalid_grant");
        assertThat(d.bearer(field(third, "access_token")).isAuthorized()).isFalse();
        assertOAuthError(d.refresh(field(third, "refresh_token")), 400, "invalid_grant");
    }

    @Test
    @DisplayName("R25 rotation can be turned off: the same refresh token keeps working")
    default void r25NoRotation(ProviderContract contract) {
        Dispatcher keep = contract.with(b -> b.grant(RefreshToken.builder()
                .scope(new Scope(ContractFixture.SCOPES, "read")).rotation(false).build()));
        Response first = keep.redeem(keep.code(CLIENT_ID));
        String refresh = field(first, "refresh_token");
        Response again = keep.refresh(refresh);
        assertThat(again.status()).isEqualTo(200);
        assertThat(field(again, "refresh_token")).isEqualTo(refresh);
        assertThat(keep.refresh(refresh).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("R26 many concurrent refreshes with one token: exactly one succeeds")
    default void r26Concurrent(Dispatcher d) throws Exception {
        for (int round = 0; round < 5; round++) {
            String refresh = field(d.codeGrant(), "refresh_token");
            List<Response> results = Races.all(16, () -> d.refresh(refresh));
            assertThat(results.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
            assertThat(results).filteredOn(r -> r.status() != 200).hasSize(15)
                    .allSatisfy(r -> assertOAuthError(r, 400, "invalid_grant"));
        }
    }

    @Test
    @DisplayName("R27 the seed's RefreshToken(expires_in) sets the access-token lifetime; refresh tokens live separately")
    default void r27Lifetimes(ProviderContract contract, MutableClock clock) {
        Dispatcher seed = contract.with(b -> b.grant(new RefreshToken(600))
                .accessTokenLifetime(Duration.ofSeconds(1200)));
        Response r = seed.redeem(seed.code(CLIENT_ID));
        assertThat(JsonFields.number(r.body(), "expires_in")).isEqualTo(600L);
        assertThat(JsonFields.number(seed.token("grant_type", "client_credentials").body(), "expires_in"))
                .isEqualTo(1200L);
        clock.advance(Duration.ofSeconds(601));
        assertThat(seed.bearer(field(r, "access_token")).isAuthorized()).isFalse();
        Response refreshed = seed.refresh(field(r, "refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        clock.advance(RefreshToken.DEFAULT_REFRESH_TOKEN_LIFETIME.plusSeconds(1));
        assertOAuthError(seed.refresh(field(refreshed, "refresh_token")), 400, "invalid_grant");
    }
}
