package org.oauth2kit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.Dispatcher;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.web.Response;

class MemoryTokenStoreTest {

    @Test
    @DisplayName("R30 entries past their last use are evicted as the clock moves and the store is written to")
    void eviction() {
        MutableClock clock = new MutableClock();
        MemoryTokenStore store = new MemoryTokenStore(clock);
        Instant now = clock.instant();
        store.saveToken(new AccessToken("t1", "abc", "client_credentials", Map.of(), List.of(), now,
                now.plusSeconds(60), null, null, "f1"));
        store.saveToken(new AccessToken("t2", "abc", "authorization_code", Map.of(), List.of(), now,
                now.plusSeconds(60), "r2", now.plusSeconds(3600), "f2"));
        store.saveCode(new AuthorizationCode("c1", "abc", null, List.of(), Map.of(), null, null, now,
                now.plusSeconds(60)));
        assertThat(store.size()).isEqualTo(4);
        clock.advance(Duration.ofMinutes(2));
        store.saveCode(new AuthorizationCode("c2", "abc", null, List.of(), Map.of(), null, null, clock.instant(),
                clock.instant().plusSeconds(60)));
        // t1, c1 and the access part of t2 are gone; t2's refresh token and c2 remain
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.fetchByRefreshToken("r2")).isPresent();
        assertThat(store.dump()).doesNotContain("t1").doesNotContain("c1");
    }

    @Test
    @DisplayName("R36 a full store refuses saves with 503 material (StoreUnavailableError) and makes room as entries expire")
    void bounded() {
        MutableClock clock = new MutableClock();
        MemoryTokenStore store = new MemoryTokenStore(clock, 3);
        Instant now = clock.instant();
        store.saveToken(token("t1", null, now.plusSeconds(60)));
        store.saveToken(token("t2", "r2", now.plusSeconds(60)));
        assertThat(store.size()).isEqualTo(3);
        assertThatThrownBy(() -> store.saveToken(token("t3", null, now.plusSeconds(60))))
                .isInstanceOf(StoreUnavailableError.class).hasMessageContaining("full")
                // a refusal, not a fault: no stack trace to fill for each of a flood's requests
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        assertThatThrownBy(() -> store.saveCode(new AuthorizationCode("c1", "abc", null, List.of(), Map.of(), null,
                null, now, now.plusSeconds(60)))).isInstanceOf(StoreUnavailableError.class);
        assertThat(store.fetchByToken("t1")).as("what is stored stays usable").isPresent();

        clock.advance(Duration.ofMinutes(2));
        store.saveToken(token("t3", null, clock.instant().plusSeconds(60)));
        assertThat(store.fetchByToken("t3")).isPresent();
        assertThat(store.fetchByRefreshToken("r2")).as("a live refresh token is never evicted").isPresent();
    }

    @Test
    @DisplayName("R25 a retired refresh token keeps only what reuse detection needs: its client and family")
    void retiredRefreshTokenIsSlim() {
        MutableClock clock = new MutableClock();
        MemoryTokenStore store = new MemoryTokenStore(clock);
        AccessToken token = new AccessToken("t1", "abc", "authorization_code", Map.of("sub", "alice", "name", "Alice"),
                List.of("read", "write"), clock.instant(), clock.instant().plusSeconds(60), "r1",
                clock.instant().plusSeconds(3600), "f1");
        store.saveToken(token);
        Redemption<AccessToken> first = store.redeemRefreshToken("r1");
        assertThat(first.outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        assertThat(first.value()).isEqualTo(token);
        Redemption<AccessToken> again = store.redeemRefreshToken("r1");
        assertThat(again.outcome()).isEqualTo(Redemption.Outcome.ALREADY_REDEEMED);
        assertThat(again.value().clientId()).isEqualTo("abc");
        assertThat(again.value().familyId()).isEqualTo("f1");
        assertThat(again.value().data()).isEmpty();
        assertThat(again.value().scopes()).isEmpty();
    }

    @Test
    @DisplayName("R36 through the Provider: a full memory store is 503 with Retry-After, and tokens already issued keep working")
    void fullStoreThroughProvider() {
        MutableClock clock = new MutableClock();
        MemoryTokenStore store = new MemoryTokenStore(clock, 10);
        Dispatcher d = new Dispatcher(ContractFixture.provider(store, store, clock));
        String first = Dispatcher.field(d.token("grant_type", "client_credentials"), "access_token");
        Response refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            Response r = d.token("grant_type", "client_credentials");
            if (r.status() != 200) {
                refused = r;
            }
        }
        assertThat(refused).as("the eleventh token cannot be stored").isNotNull();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("30");
        assertThat(refused.body()).doesNotContain("access_token");
        assertThat(d.bearer(first).isAuthorized()).isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(d.token("grant_type", "client_credentials").status()).isEqualTo(200);
    }

    private static AccessToken token(String digest, String refresh, Instant expiresAt) {
        Instant now = expiresAt.minusSeconds(60);
        return new AccessToken(digest, "abc", "authorization_code", Map.of(), List.of(), now, expiresAt, refresh,
                refresh == null ? null : expiresAt.plusSeconds(3600), "f-" + digest);
    }
}
