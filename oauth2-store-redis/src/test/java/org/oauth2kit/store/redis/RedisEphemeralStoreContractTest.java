package org.oauth2kit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

/**
 * The ephemeral-record contract on a real Redis; the second store is another instance with its own
 * connection under the same prefix, as a second process would have.
 */
class RedisEphemeralStoreContractTest extends EphemeralStoreContract {
    private RedisTokenStore first;
    private RedisTokenStore second;
    private String prefix;

    @Override
    protected EphemeralStore createStore(MutableClock clock) throws Exception {
        prefix = RedisServer.shared().newPrefix();
        first = RedisServer.shared().newStore(clock, prefix);
        return first;
    }

    @Override
    protected EphemeralStore createSecondStore(MutableClock clock) throws Exception {
        second = RedisServer.shared().newStore(clock, prefix);
        return second;
    }

    @Override
    protected void closeStores() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    @DisplayName("a record is the plain value at <prefix>:ephemeral:<kind>:{<key>}, expiring a second after the record")
    void keyValueAndExpiry() throws Exception {
        String key = key();
        String redisKey = prefix + ":ephemeral:device_code:{" + key + "}";
        assertThat(first.ephemeralKey("device_code", key)).isEqualTo(redisKey);
        first.add("device_code", key, "pending ü", inAMinute());
        assertThat(RedisServer.shared().get(redisKey)).isEqualTo("pending ü");
        assertThat(RedisServer.shared().pttl(redisKey)).isBetween(60_000L, 61_000L);
    }

    @Test
    @DisplayName("replace keeps the key's expiry; take removes the key")
    void replaceKeepsExpiryTakeRemoves() throws Exception {
        String key = key();
        String redisKey = first.ephemeralKey("device_code", key);
        first.add("device_code", key, "pending", clock.instant().plusSeconds(5));
        assertThat(first.replace("device_code", key, "pending", "approved")).isTrue();
        assertThat(RedisServer.shared().get(redisKey)).isEqualTo("approved");
        assertThat(RedisServer.shared().pttl(redisKey)).isBetween(1L, 6_000L);
        assertThat(first.take("device_code", key)).contains("approved");
        assertThat(RedisServer.shared().pttl(redisKey)).isEqualTo(-2);
    }

    @Test
    @DisplayName("a record added already expired is gone at once and does not block a fresh one")
    void expiredAddIsGoneAtOnce() throws Exception {
        String key = key();
        assertThat(first.ephemeralTtlMillis(clock.instant().minusSeconds(1))).isEqualTo(1);
        assertThat(first.ephemeralTtlMillis(clock.instant())).isEqualTo(1);
        assertThat(first.add("dpop_jti", key, "old", clock.instant().minusSeconds(1))).isTrue();
        Thread.sleep(20);
        assertThat(first.add("dpop_jti", key, "new", inAMinute())).isTrue();
        assertThat(second.get("dpop_jti", key)).contains("new");
    }

    @Test
    @DisplayName("kinds outside [a-z0-9_]{1,32} are refused before anything is sent")
    void kindsAreChecked() {
        for (String kind : List.of("", "Device", "a:b", "a{b}", "x".repeat(33))) {
            assertThatIllegalArgumentException().isThrownBy(() -> first.get(kind, key()));
        }
    }
}
