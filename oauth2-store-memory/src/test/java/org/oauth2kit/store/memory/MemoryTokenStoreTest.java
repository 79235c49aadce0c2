package org.oauth2kit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.testkit.MutableClock;

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
}
