package org.oauth2kit.store.memcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

/**
 * The ephemeral-record contract on a real memcached; the second store is another instance with its
 * own client under the same prefix, as a second process would have.
 */
class MemcacheEphemeralStoreContractTest extends EphemeralStoreContract {
    private MemcacheTokenStore first;
    private MemcacheTokenStore second;
    private String prefix;

    @Override
    protected EphemeralStore createStore(MutableClock clock) throws Exception {
        prefix = MemcachedServer.shared().newPrefix();
        first = MemcachedServer.shared().newStore(clock, prefix);
        return first;
    }

    @Override
    protected EphemeralStore createSecondStore(MutableClock clock) throws Exception {
        second = MemcachedServer.shared().newStore(clock, prefix);
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
    @DisplayName("a record is JSON at <prefix>:ephemeral:<kind>:<key>; replace keeps its exptime; take leaves nothing")
    void keyValueAndExpiry() throws Exception {
        String key = key();
        String memcacheKey = prefix + ":ephemeral:device_code:" + key;
        long now = clock.instant().getEpochSecond();
        assertThat(first.add("device_code", key, "pending ü", inAMinute())).isTrue();
        assertThat(MemcachedServer.shared().get(memcacheKey))
                .isEqualTo("{\"v\":1,\"expires_at\":\"" + inAMinute() + "\",\"value\":\"pending ü\"}");
        assertThat(exp(memcacheKey)).isBetween(now + 60, now + 63);

        assertThat(second.replace("device_code", key, "pending ü", "approved")).isTrue();
        assertThat(MemcachedServer.shared().get(memcacheKey)).contains("\"value\":\"approved\"");
        assertThat(exp(memcacheKey)).isBetween(now + 60, now + 63);

        assertThat(first.take("device_code", key)).contains("approved");
        // the taken marker is deleted by a request not waited for: give it a moment
        for (int i = 0; i < 100 && MemcachedServer.shared().get(memcacheKey) != null; i++) {
            Thread.sleep(10);
        }
        assertThat(MemcachedServer.shared().get(memcacheKey)).isNull();
        assertThat(second.add("device_code", key, "again", inAMinute())).isTrue();
    }

    @Test
    @DisplayName("a record added already expired gets memcached's shortest exptime, never 0 (which would mean never)")
    void expiredAddGetsOneSecond() throws Exception {
        String key = key();
        long now = clock.instant().getEpochSecond();
        assertThat(first.exptime(clock.instant().minusSeconds(30))).isEqualTo(1);
        assertThat(first.add("dpop_jti", key, "old", clock.instant().minusSeconds(30))).isTrue();
        assertThat(exp(prefix + ":ephemeral:dpop_jti:" + key)).isBetween(now, now + 2);
    }

    @Test
    @DisplayName("a key over memcached's 250 bytes is shortened to the SHA-256 of the record's key")
    void longKeysAreHashed() throws Exception {
        String longPrefix = "p".repeat(100);
        try (MemcacheTokenStore store = MemcachedServer.shared().newStore(clock, longPrefix)) {
            String kind = "k".repeat(32);
            String plain = "a".repeat(128);
            String memcacheKey = store.ephemeralKey(kind, plain);
            assertThat(memcacheKey).startsWith(longPrefix + ":ephemeral:" + kind + ":~").hasSizeLessThanOrEqualTo(250);
            assertThat(store.ephemeralKey(kind, "a".repeat(127))).isNotEqualTo(memcacheKey);
            assertThat(store.add(kind, plain, "v", inAMinute())).isTrue();
            assertThat(store.take(kind, plain)).contains("v");
        }
    }

    @Test
    @DisplayName("kinds outside [a-z0-9_]{1,32} are refused before anything is sent")
    void kindsAreChecked() {
        for (String kind : List.of("", "Device", "a:b", "a b", "x".repeat(33))) {
            assertThatIllegalArgumentException().isThrownBy(() -> first.get(kind, key()));
        }
    }

    private long exp(String memcacheKey) throws Exception {
        Map<String, Map<String, String>> meta = MemcachedServer.shared().metadata(prefix + ":");
        assertThat(meta).containsKey(memcacheKey);
        return Long.parseLong(meta.get(memcacheKey).get("exp"));
    }
}
