package org.oauth2kit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Races;
import org.oauth2kit.testkit.Sha256;
import org.oauth2kit.token.SecureRandomTokenGenerator;

/** What the store writes into a real Redis, and how it behaves when Redis is slow, down or full. */
class RedisTokenStoreTest {
    private static final SecureRandomTokenGenerator RANDOM = new SecureRandomTokenGenerator();

    private final MutableClock clock = new MutableClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisServer shared;
    private RedisTokenStore store;

    @BeforeEach
    void setUp() throws Exception {
        shared = RedisServer.shared();
        store = shared.newStore(clock);
        toClose.add(store);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private AccessToken token(String family) {
        Instant now = clock.instant();
        return new AccessToken(Sha256.of(RANDOM.generate()), "abc", "authorization_code", Map.of("sub", "alice"),
                List.of("read", "write"), now, now.plusSeconds(3600), Sha256.of(RANDOM.generate()),
                now.plusSeconds(86400), family);
    }

    private AuthorizationCode code() {
        Instant now = clock.instant();
        return new AuthorizationCode(Sha256.of(RANDOM.generate()), "abc", "http://localhost:8081/callback",
                List.of("read"), Map.of("sub", "alice"), null, null, now, now.plusSeconds(60));
    }

    private String key(String kind, String id) {
        return store.prefix() + ":" + kind + ":{" + id + "}";
    }

    @Test
    @DisplayName("R30 each key is named by its digest in a hash tag and expires in Redis when its record does, plus a second")
    void keysAndExpiries() throws Exception {
        AccessToken token = token("family-1");
        AuthorizationCode code = code();
        store.saveToken(token);
        store.saveCode(code);
        store.revokeFamily("family-2", clock.instant().plus(Duration.ofDays(30)));

        assertThat(shared.pttl(key("access", token.tokenDigest()))).isCloseTo(3_601_000L, within(5_000L));
        assertThat(shared.pttl(key("refresh", token.refreshTokenDigest()))).isCloseTo(86_401_000L, within(5_000L));
        assertThat(shared.pttl(key("code", code.codeDigest()))).isCloseTo(61_000L, within(5_000L));
        assertThat(shared.pttl(key("family", "family-2")))
                .isCloseTo(Duration.ofDays(30).toMillis() + 1000, within(5_000L));
        assertThat(shared.get(key("family", "family-2")))
                .isEqualTo(Long.toString(clock.instant().plus(Duration.ofDays(30)).toEpochMilli()));
        assertThat(shared.get(key("access", token.tokenDigest()))).startsWith("T143:" + token.tokenDigest());
        assertThat(shared.get(key("refresh", token.refreshTokenDigest()))).startsWith("L143:" + token.tokenDigest());
        assertThat(shared.get(key("code", code.codeDigest()))).startsWith("L143:" + code.codeDigest());
    }

    @Test
    @DisplayName("R14 R25 a redeemed code and a retired refresh token are flipped in place and keep their expiry")
    void redeemedEntriesKeepTheirExpiry() throws Exception {
        AccessToken token = token("family-1");
        AuthorizationCode code = code();
        store.saveToken(token);
        store.saveCode(code);
        assertThat(store.redeemCode(code.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        assertThat(store.redeemRefreshToken(token.refreshTokenDigest()).outcome())
                .isEqualTo(Redemption.Outcome.REDEEMED);

        assertThat(shared.get(key("code", code.codeDigest()))).startsWith("U1");
        assertThat(shared.get(key("refresh", token.refreshTokenDigest()))).startsWith("U1");
        assertThat(shared.pttl(key("code", code.codeDigest()))).isCloseTo(61_000L, within(5_000L));
        assertThat(shared.pttl(key("refresh", token.refreshTokenDigest()))).isCloseTo(86_401_000L, within(5_000L));
        assertThat(store.redeemCode(code.codeDigest())).isEqualTo(Redemption.alreadyRedeemed(code));
        assertThat(store.redeemRefreshToken(token.refreshTokenDigest())).isEqualTo(Redemption.alreadyRedeemed(token));
    }

    @Test
    @DisplayName("R14 R26 two stores on one Redis, as two application instances, redeem every code and refresh token exactly once")
    void twoInstancesRace() throws Exception {
        RedisTokenStore other = RedisTokenStore.builder().uri(shared.uri()).prefix(store.prefix()).clock(clock)
                .commandTimeout(Duration.ofSeconds(5)).build();
        toClose.add(other);
        List<String> codes = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            AuthorizationCode c = code();
            store.saveCode(c);
            codes.add(c.codeDigest());
            AccessToken t = token("family-" + i);
            other.saveToken(t);
            refreshTokens.add(t.refreshTokenDigest());
        }
        List<Function<String, Redemption.Outcome>> codeRedeemers = List.of(
                d -> store.redeemCode(d).outcome(), d -> other.redeemCode(d).outcome());
        List<Function<String, Redemption.Outcome>> refreshRedeemers = List.of(
                d -> store.redeemRefreshToken(d).outcome(), d -> other.redeemRefreshToken(d).outcome());
        Map<String, AtomicInteger> codeWins = Races.race(codes, codeRedeemers, 8);
        Map<String, AtomicInteger> refreshWins = Races.race(refreshTokens, refreshRedeemers, 8);
        assertThat(codeWins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
        assertThat(refreshWins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
    }

    @Test
    @DisplayName("R15 a later, shorter revocation of a family never shortens the one in place")
    void revocationKeepsTheLongest() throws Exception {
        AccessToken token = token("family-1");
        store.saveToken(token);
        Instant long30 = clock.instant().plus(Duration.ofDays(30));
        store.revokeFamily("family-1", long30);
        store.revokeFamily("family-1", clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(shared.get(key("family", "family-1"))).isEqualTo(Long.toString(long30.toEpochMilli()));
        assertThat(shared.pttl(key("family", "family-1"))).isGreaterThan(Duration.ofDays(29).toMillis());
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.fetchByToken(token.tokenDigest())).isEmpty();
        // once the revocation is over (by the Provider's clock), the family's tokens are visible again
        clock.set(long30);
        assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
    }

    @Test
    @DisplayName("R29 a family id that is not a digest is hashed into its key, so braces cannot move it to another slot")
    void oddFamilyIds() throws Exception {
        String family = "tenant{7}:family with spaces";
        AccessToken token = token(family);
        store.saveToken(token);
        store.revokeFamily(family, clock.instant().plusSeconds(600));
        assertThat(store.fetchByToken(token.tokenDigest())).isEmpty();
        String hashed = org.oauth2kit.store.StoreKeys.part(family);
        assertThat(hashed).startsWith("~").doesNotContain("{", "}");
        assertThat(shared.get(key("family", hashed))).isNotNull();
    }

    @Test
    @DisplayName("the store's own dump shows exactly what Redis holds under its prefix")
    void dumpMatchesRedis() {
        for (int i = 0; i < 30; i++) {
            store.saveToken(token("family-" + i));
            store.saveCode(code());
        }
        store.revokeFamily("family-3", clock.instant().plusSeconds(60));
        String dump = store.dump();
        assertThat(dump.lines()).hasSize(30 * 3 + 1);
        assertThat(dump).isEqualTo(shared.dump(store.prefix() + ":"));
    }

    @Test
    @DisplayName("R36 scripts are sent again when Redis forgot them (restart, failover, SCRIPT FLUSH)")
    void scriptCacheFlushed() throws Exception {
        AuthorizationCode first = code();
        store.saveCode(first);
        assertThat(store.redeemCode(first.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        shared.command("SCRIPT", "FLUSH");
        AuthorizationCode second = code();
        store.saveCode(second);
        assertThat(store.redeemCode(second.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        store.revokeFamily("family-9", clock.instant().plusSeconds(60));
    }

    @Test
    @DisplayName("a value at one of the store's keys that it did not write is an error, not a missing token")
    void foreignValue() throws Exception {
        String digest = Sha256.of("foreign");
        shared.command("SET", key("access", digest), "{\"not\":\"ours\"}");
        assertThatThrownBy(() -> store.fetchByToken(digest)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unreadable record");
        shared.command("HSET", key("code", digest), "a", "b");
        assertThatThrownBy(() -> store.fetchByCode(digest)).isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(StoreUnavailableError.class).hasMessageContaining("WRONGTYPE");
    }

    @Test
    @DisplayName("R36 a frozen Redis makes every call fail within the command timeout; calls succeed again once it runs")
    void frozenRedis() throws Exception {
        RedisServer server = RedisServer.start();
        toClose.add(server);
        Duration timeout = Duration.ofSeconds(1);
        RedisTokenStore s = RedisTokenStore.builder().uri(server.uri()).clock(clock).commandTimeout(timeout).build();
        toClose.add(s);
        AccessToken token = token("family-1");
        // connected and stored before Redis freezes (on a busy machine a cold JVM's first command may
        // take longer than the timeout)
        awaitServed(() -> s.saveToken(token));
        server.pause();
        try {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> s.fetchByToken(token.tokenDigest()))
                        .isInstanceOfSatisfying(StoreUnavailableError.class,
                                e -> assertThat(e.retryAfter()).isEqualTo(RedisTokenStore.DEFAULT_RETRY_AFTER));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(4));
            }
        } finally {
            server.resume();
        }
        // the same connection and store: the late answers to the timed-out commands are dropped in order
        awaitServed(() -> assertThat(s.fetchByToken(token.tokenDigest())).contains(token));
    }

    @Test
    @DisplayName("R36 a store created while Redis is down starts anyway, fails quickly, and serves once Redis is up")
    void startsWithoutRedis() throws Exception {
        RedisServer server = RedisServer.start();
        toClose.add(server);
        server.kill();
        long created = System.nanoTime();
        RedisTokenStore s = RedisTokenStore.builder().uri(server.uri()).clock(clock)
                .commandTimeout(Duration.ofMillis(500)).reconnectDelay(Duration.ofMillis(100)).build();
        toClose.add(s);
        AccessToken token = token("family-1");
        assertThatThrownBy(() -> s.saveToken(token)).isInstanceOf(StoreUnavailableError.class);
        assertThat(Duration.ofNanos(System.nanoTime() - created)).isLessThan(Duration.ofSeconds(5));

        server.restart();
        // no new attempt within the reconnect delay; a call after it connects
        awaitServed(() -> s.saveToken(token));
        assertThat(s.fetchByToken(token.tokenDigest())).contains(token);
    }

    /** Repeats a call that Redis may not serve yet until it succeeds, for at most 20 s. */
    private static void awaitServed(Runnable call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                call.run();
                return;
            } catch (StoreUnavailableError e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Redis did not serve within 20 s", e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    @DisplayName("R36 a Redis out of memory refuses writes and redemptions with 503, reads go on, and nothing is used up")
    void outOfMemory() throws Exception {
        RedisServer server = RedisServer.start();
        toClose.add(server);
        RedisTokenStore s = RedisTokenStore.builder().uri(server.uri()).clock(clock)
                .commandTimeout(Duration.ofSeconds(5)).build();
        toClose.add(s);
        AccessToken token = token("family-1");
        AuthorizationCode code = code();
        s.saveToken(token);
        s.saveCode(code);
        server.command("CONFIG", "SET", "maxmemory-policy", "noeviction");
        server.command("CONFIG", "SET", "maxmemory", "1");

        assertThatThrownBy(() -> s.saveToken(token("family-2")))
                .isInstanceOf(StoreUnavailableError.class).hasMessageContaining("OOM");
        assertThat(s.fetchByToken(token.tokenDigest())).contains(token);
        assertThat(s.fetchByCode(code.codeDigest())).contains(code);
        assertThatThrownBy(() -> s.redeemCode(code.codeDigest()))
                .isInstanceOf(StoreUnavailableError.class).hasMessageContaining("OOM");
        assertThatThrownBy(() -> s.redeemRefreshToken(token.refreshTokenDigest()))
                .isInstanceOf(StoreUnavailableError.class).hasMessageContaining("OOM");

        server.command("CONFIG", "SET", "maxmemory", "0");
        assertThat(s.redeemCode(code.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        assertThat(s.redeemRefreshToken(token.refreshTokenDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
    }

    @Test
    @DisplayName("a closed store refuses calls; closing leaves a client that was passed in running")
    void closing() throws Exception {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(shared.uri());
        try {
            client.setOptions(RedisTokenStore.recommendedClientOptions(Duration.ofSeconds(5)));
            RedisTokenStore first = new RedisTokenStore(client, clock);
            AuthorizationCode code = code();
            first.saveCode(code);
            first.close();
            assertThatThrownBy(() -> first.fetchByCode(code.codeDigest())).isInstanceOf(IllegalStateException.class);
            RedisTokenStore second = new RedisTokenStore(client, clock);
            assertThat(second.fetchByCode(code.codeDigest())).contains(code);
            second.close();
        } finally {
            client.shutdown();
        }
    }
}
