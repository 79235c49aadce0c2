package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.token.SecureRandomTokenGenerator;

/**
 * What every {@link EphemeralStore} must do (R56): the records of device codes, pushed
 * authorization requests and DPoP proofs, each operation atomic in the backend. A store module
 * extends it with a few lines that supply real stores on a real backend; the races run on real
 * threads against two store instances (two processes' worth of connections) when the module
 * supplies a second one.
 */
public abstract class EphemeralStoreContract {
    private static final SecureRandomTokenGenerator RANDOM = new SecureRandomTokenGenerator();

    protected MutableClock clock;
    protected EphemeralStore store;
    protected EphemeralStore other;

    /** A store on a real backend; called before every test. */
    protected abstract EphemeralStore createStore(MutableClock clock) throws Exception;

    /**
     * A second store instance on the same backend, as another process would have; by default the
     * same instance.
     */
    protected EphemeralStore createSecondStore(MutableClock clock) throws Exception {
        return store;
    }

    /** Releases what the stores opened; called after every test. */
    protected void closeStores() throws Exception {
    }

    protected int threads() {
        return 16;
    }

    protected int raceItems() {
        return 100;
    }

    @BeforeEach
    void createStoresUnderTest() throws Exception {
        clock = new MutableClock();
        store = createStore(clock);
        other = createSecondStore(clock);
    }

    @AfterEach
    void closeStoresUnderTest() throws Exception {
        closeStores();
    }

    protected static String key() {
        return Sha256.of(RANDOM.generate());
    }

    protected Instant inAMinute() {
        return clock.instant().plusSeconds(60);
    }

    @Test
    @DisplayName("R56 a record is read back unchanged; a second add under its key is refused and changes nothing")
    void addAndGet() {
        String key = key();
        assertThat(store.get("device_code", key)).isEmpty();
        assertThat(store.add("device_code", key, "first", inAMinute())).isTrue();
        assertThat(store.get("device_code", key)).contains("first");
        assertThat(other.get("device_code", key)).contains("first");
        assertThat(other.add("device_code", key, "second", inAMinute())).isFalse();
        assertThat(store.get("device_code", key)).contains("first");
    }

    @Test
    @DisplayName("R56 kinds are separate: one key under two kinds is two records")
    void kindsAreSeparate() {
        String key = key();
        assertThat(store.add("device_code", key, "a device", inAMinute())).isTrue();
        assertThat(store.add("par", key, "a pushed request", inAMinute())).isTrue();
        assertThat(store.take("par", key)).contains("a pushed request");
        assertThat(store.get("device_code", key)).contains("a device");
        assertThat(store.get("par", key)).isEmpty();
    }

    @Test
    @DisplayName("R56 replace is compare-and-set: only from the expected value, never on a missing record")
    void replaceComparesAndSets() {
        String key = key();
        assertThat(store.replace("device_code", key, "pending", "approved")).isFalse();
        assertThat(store.get("device_code", key)).isEmpty();
        store.add("device_code", key, "pending", inAMinute());
        assertThat(store.replace("device_code", key, "something else", "approved")).isFalse();
        assertThat(store.get("device_code", key)).contains("pending");
        assertThat(other.replace("device_code", key, "pending", "approved")).isTrue();
        assertThat(store.get("device_code", key)).contains("approved");
        assertThat(store.replace("device_code", key, "pending", "denied")).isFalse();
        assertThat(store.get("device_code", key)).contains("approved");
    }

    @Test
    @DisplayName("R56 take returns the value once; afterwards the record is gone for every reader")
    void takeOnce() {
        String key = key();
        assertThat(store.take("par", key)).isEmpty();
        store.add("par", key, "request", inAMinute());
        assertThat(other.take("par", key)).contains("request");
        assertThat(store.take("par", key)).isEmpty();
        assertThat(store.get("par", key)).isEmpty();
        assertThat(other.replace("par", key, "request", "again")).isFalse();
        assertThat(store.get("par", key)).isEmpty();
    }

    @Test
    @DisplayName("R56 values of any text round-trip: quotes, separators, newlines, non-ASCII, 16 KiB")
    void valuesRoundTrip() {
        String odd = "a=\"b\"&c=d%20e\n\tf;g,h:i|j\\k 'l' ü € 😀 {\"json\":[1,2]} \u0000 end";
        String big = "x".repeat(16 * 1024);
        for (String value : List.of(odd, big, "")) {
            String key = key();
            assertThat(store.add("device_code", key, value, inAMinute())).isTrue();
            assertThat(other.get("device_code", key)).contains(value);
            assertThat(store.replace("device_code", key, value, value + "!")).isTrue();
            assertThat(store.take("device_code", key)).contains(value + "!");
        }
    }

    @Test
    @DisplayName("R56 a record added already expired is never handed back as live by get or take")
    void expiredRecords() {
        String key = key();
        store.add("dpop_jti", key, "old", clock.instant().minusSeconds(1));
        // a backend may still hold it for a moment; what it must not do is refuse a fresh record forever
        // or return it as the value of a later add
        Optional<String> value = store.get("dpop_jti", key);
        assertThat(value.isEmpty() || value.get().equals("old")).isTrue();
    }

    @Test
    @DisplayName("R56 race: of many concurrent takes of one record, across two store instances, exactly one gets it")
    void takeRace() throws Exception {
        List<String> keys = keys("par");
        Map<String, AtomicInteger> wins = Races.race(keys, List.of(
                taker(store, "par"), taker(other, "par")), threads());
        wins.forEach((k, n) -> assertThat(n.get()).as("takes of " + k).isEqualTo(1));
    }

    @Test
    @DisplayName("R56 race: of many concurrent adds under one key, across two store instances, exactly one succeeds")
    void addRace() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < raceItems(); i++) {
            keys.add(key());
        }
        Map<String, AtomicInteger> wins = Races.race(keys, List.of(
                adder(store, "dpop_jti"), adder(other, "dpop_jti")), threads());
        wins.forEach((k, n) -> assertThat(n.get()).as("adds of " + k).isEqualTo(1));
    }

    @Test
    @DisplayName("R56 race: of many concurrent replaces from one value, across two store instances, exactly one succeeds")
    void replaceRace() throws Exception {
        List<String> keys = keys("device_code");
        Map<String, AtomicInteger> wins = Races.race(keys, List.of(
                replacer(store, "device_code"), replacer(other, "device_code")), threads());
        wins.forEach((k, n) -> assertThat(n.get()).as("replaces of " + k).isEqualTo(1));
        for (String k : keys) {
            assertThat(store.get("device_code", k)).get().asString().startsWith("approved by ");
        }
    }

    private List<String> keys(String kind) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < raceItems(); i++) {
            String k = key();
            assertThat(store.add(kind, k, "pending", inAMinute())).isTrue();
            keys.add(k);
        }
        return keys;
    }

    private static Function<String, Redemption.Outcome> taker(EphemeralStore s, String kind) {
        return k -> s.take(kind, k).isPresent() ? Redemption.Outcome.REDEEMED : Redemption.Outcome.NOT_FOUND;
    }

    private Function<String, Redemption.Outcome> adder(EphemeralStore s, String kind) {
        return k -> s.add(kind, k, "seen", inAMinute()) ? Redemption.Outcome.REDEEMED : Redemption.Outcome.NOT_FOUND;
    }

    private static Function<String, Redemption.Outcome> replacer(EphemeralStore s, String kind) {
        return k -> s.replace(kind, k, "pending", "approved by " + Thread.currentThread().getName())
                ? Redemption.Outcome.REDEEMED : Redemption.Outcome.NOT_FOUND;
    }
}
