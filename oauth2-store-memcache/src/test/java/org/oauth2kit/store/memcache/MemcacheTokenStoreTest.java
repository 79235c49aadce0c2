package org.oauth2kit.store.memcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import net.spy.memcached.MemcachedClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.testkit.Sha256;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.token.SecureRandomTokenGenerator;

/** What the memcached store adds to the store contract: expiry, processes, clusters, outages. */
class MemcacheTokenStoreTest {
    private static final SecureRandomTokenGenerator RANDOM = new SecureRandomTokenGenerator();
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static MemcachedServer server;
    private final MutableClock clock = new MutableClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startMemcached() throws Exception {
        server = MemcachedServer.start();
    }

    @AfterAll
    static void stopMemcached() throws Exception {
        server.close();
    }

    @AfterEach
    void closeStores() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private static String newPrefix() {
        return "t" + PREFIXES.incrementAndGet();
    }

    /** A store with a generous timeout: the race tests share two cores with whatever else runs. */
    private MemcacheTokenStore store(String prefix, String... servers) {
        return store(Duration.ofSeconds(5), prefix, servers);
    }

    /** A store with a short timeout, for the tests that time failures. */
    private MemcacheTokenStore fastStore(String prefix, String... servers) {
        return store(TIMEOUT, prefix, servers);
    }

    private MemcacheTokenStore store(Duration timeout, String prefix, String... servers) {
        MemcacheTokenStore store = MemcacheTokenStore.builder().servers(servers).prefix(prefix).clock(clock)
                .operationTimeout(timeout).build();
        toClose.add(store);
        return store;
    }

    private AccessToken token(String family, Duration accessLife, Duration refreshLife) {
        Instant now = clock.instant();
        return new AccessToken(Sha256.of(RANDOM.generate()), "abc", "authorization_code", Map.of("sub", "alice"),
                List.of("read"), now, now.plus(accessLife), Sha256.of(RANDOM.generate()), now.plus(refreshLife),
                family);
    }

    private AccessToken token(String family) {
        return token(family, Duration.ofHours(1), Duration.ofDays(1));
    }

    private AuthorizationCode code() {
        Instant now = clock.instant();
        return new AuthorizationCode(Sha256.of(RANDOM.generate()), "abc", "http://localhost:8081/callback",
                List.of("read"), Map.of("sub", "alice"), null, null, now, now.plusSeconds(60));
    }

    @Nested
    @DisplayName("keys and values")
    class KeysAndValues {

        @Test
        @DisplayName("R30 every entry carries memcached's own expiry: relative up to 30 days, a unix time beyond")
        void exptimeFollowsTheRecord() throws Exception {
            String prefix = newPrefix();
            MemcacheTokenStore store = store(prefix, server.address());
            AccessToken token = token("f1", Duration.ofHours(1), Duration.ofDays(60));
            AuthorizationCode code = code();
            store.saveToken(token);
            store.saveCode(code);
            store.revokeFamily("f2", clock.instant().plus(Duration.ofDays(45)));

            Map<String, Map<String, String>> meta = server.metadata(prefix + ":");
            long now = clock.instant().getEpochSecond();
            assertThat(exp(meta, prefix + ":access:" + token.tokenDigest())).isBetween(now + 3600, now + 3605);
            assertThat(exp(meta, prefix + ":code:" + code.codeDigest())).isBetween(now + 60, now + 65);
            // 60 and 45 days are past memcached's 30-day limit for relative times: sent as unix times.
            // Sent as relative seconds they would mean a date in 1970, and the entries would be gone.
            assertThat(exp(meta, prefix + ":refresh:" + token.refreshTokenDigest()))
                    .isBetween(now + 60 * 86400, now + 60 * 86400 + 5);
            assertThat(exp(meta, prefix + ":family:f2")).isBetween(now + 45 * 86400, now + 45 * 86400 + 5);
            assertThat(store.fetchByRefreshToken(token.refreshTokenDigest())).contains(token);
        }

        private long exp(Map<String, Map<String, String>> meta, String key) {
            assertThat(meta).containsKey(key);
            return Long.parseLong(meta.get(key).get("exp"));
        }

        @Test
        @DisplayName("R29 memcached holds JSON keyed by digests: no plain token, code or secret")
        void valuesAreDigestJson() {
            String prefix = newPrefix();
            MemcacheTokenStore store = store(prefix, server.address());
            String plainAccess = RANDOM.generate();
            String plainRefresh = RANDOM.generate();
            Instant now = clock.instant();
            AccessToken token = new AccessToken(Sha256.of(plainAccess), "abc", "password", Map.of("sub", "alice"),
                    List.of("read"), now, now.plusSeconds(60), Sha256.of(plainRefresh), now.plusSeconds(600), "f1");
            store.saveToken(token);

            String dump = server.dump(prefix + ":");
            assertThat(dump).contains(prefix + ":access:" + token.tokenDigest() + " {\"v\":1,")
                    .contains("\"refresh_token_digest\":\"" + token.refreshTokenDigest() + "\"")
                    .contains("\"redeemed\":false")
                    .doesNotContain(plainAccess).doesNotContain(plainRefresh);
        }

        @Test
        @DisplayName("the prefix separates applications sharing one memcached")
        void prefixesSeparate() {
            MemcacheTokenStore a = store(newPrefix(), server.address());
            MemcacheTokenStore b = store(newPrefix(), server.address());
            AccessToken token = token("f1");
            AuthorizationCode code = code();
            a.saveToken(token);
            a.saveCode(code);
            assertThat(b.fetchByToken(token.tokenDigest())).isEmpty();
            assertThat(b.redeemCode(code.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.NOT_FOUND);
            assertThat(a.redeemCode(code.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
        }

        @Test
        @DisplayName("R15 a family id memcached cannot take as a key (spaces, length) is revoked all the same")
        void unusualFamilyIds() {
            MemcacheTokenStore store = store(newPrefix(), server.address());
            String spaced = "family with spaces and \u00fcmlauts";
            String longId = "f".repeat(400);
            AccessToken a = token(spaced);
            AccessToken b = token(longId);
            store.saveToken(a);
            store.saveToken(b);
            store.revokeFamily(spaced, clock.instant().plus(Duration.ofDays(1)));
            assertThat(store.fetchByToken(a.tokenDigest())).isEmpty();
            assertThat(store.fetchByToken(b.tokenDigest())).contains(b);
            store.revokeFamily(longId, clock.instant().plus(Duration.ofDays(1)));
            assertThat(store.fetchByToken(b.tokenDigest())).isEmpty();
            assertThat(org.oauth2kit.store.StoreKeys.part(spaced)).startsWith("~").hasSize(44);
            assertThat(org.oauth2kit.store.StoreKeys.part(a.tokenDigest())).isEqualTo(a.tokenDigest());
        }

        @Test
        @DisplayName("R15 a family tombstone ends at the time it was given, by the store's clock")
        void tombstoneEnds() {
            MemcacheTokenStore store = store(newPrefix(), server.address());
            AccessToken token = token("f1", Duration.ofDays(3), Duration.ofDays(3));
            store.saveToken(token);
            store.revokeFamily("f1", clock.instant().plus(Duration.ofDays(1)));
            assertThat(store.fetchByToken(token.tokenDigest())).isEmpty();
            clock.advance(Duration.ofDays(2));
            assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
        }

        @Test
        @DisplayName("a value the store did not write under its prefix is an error, not a missing token")
        void foreignValue() throws Exception {
            String prefix = newPrefix();
            MemcacheTokenStore store = store(prefix, server.address());
            String digest = Sha256.of("x");
            server.set(prefix + ":access:" + digest, "not json");
            assertThatThrownBy(() -> store.fetchByToken(digest)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("prefix");
        }

        @Test
        @DisplayName("built on an existing client: the seed's prefix oauth2, and the client stays open on close")
        void existingClient() throws Exception {
            MemcachedClient client = new MemcachedClient(
                    MemcacheTokenStore.recommendedConnectionFactory(TIMEOUT, Duration.ofSeconds(1)).build(),
                    List.of(new java.net.InetSocketAddress("127.0.0.1", server.port())));
            try {
                MemcacheTokenStore store = new MemcacheTokenStore(client);
                assertThat(store.prefix()).isEqualTo("oauth2");
                AuthorizationCode code = code();
                store.saveCode(code);
                store.close();
                assertThat(client.get("oauth2:code:" + code.codeDigest(), Utf8Transcoder.INSTANCE))
                        .contains("\"redeemed\":false");
            } finally {
                client.shutdown();
            }
        }

        @Test
        @DisplayName("options are checked when the store is built")
        void options() {
            assertThatThrownBy(() -> MemcacheTokenStore.builder().prefix("has space"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MemcacheTokenStore.builder().prefix(""))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MemcacheTokenStore.builder().operationTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MemcacheTokenStore.builder().build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("servers");
        }
    }

    @Nested
    @DisplayName("several processes")
    class SeveralProcesses {

        @Test
        @DisplayName("R14 two stores with their own connections race on the same codes: each is redeemed once")
        void codesAcrossClients() throws Exception {
            String prefix = newPrefix();
            MemcacheTokenStore a = store(prefix, server.address());
            MemcacheTokenStore b = store(prefix, server.address());
            List<String> digests = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                AuthorizationCode c = code();
                a.saveCode(c);
                digests.add(c.codeDigest());
            }
            Map<String, AtomicInteger> wins = race(digests,
                    List.of(d -> a.redeemCode(d).outcome(), d -> b.redeemCode(d).outcome()));
            assertThat(wins.values()).hasSize(100).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
            assertThat(b.redeemCode(digests.get(0)).outcome()).isEqualTo(Redemption.Outcome.ALREADY_REDEEMED);
        }

        @Test
        @DisplayName("R26 two stores with their own connections race on the same refresh tokens: each is retired once")
        void refreshAcrossClients() throws Exception {
            String prefix = newPrefix();
            MemcacheTokenStore a = store(prefix, server.address());
            MemcacheTokenStore b = store(prefix, server.address());
            List<String> digests = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                AccessToken t = token("family-" + i);
                b.saveToken(t);
                digests.add(t.refreshTokenDigest());
            }
            Map<String, AtomicInteger> wins = race(digests,
                    List.of(d -> a.redeemRefreshToken(d).outcome(), d -> b.redeemRefreshToken(d).outcome()));
            assertThat(wins.values()).hasSize(100).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
        }
    }

    @Nested
    @DisplayName("a cluster of two memcached nodes")
    class Cluster {
        private MemcachedServer second;

        @AfterEach
        void stopSecond() throws Exception {
            if (second != null) {
                second.close();
            }
        }

        @Test
        @DisplayName("R14 keys spread over both nodes by consistent hashing, and redemption stays exactly once")
        void spreadAndAtomic() throws Exception {
            second = MemcachedServer.start();
            String prefix = newPrefix();
            MemcacheTokenStore a = store(prefix, server.address(), second.address());
            MemcacheTokenStore b = store(prefix, server.address() + " " + second.address());
            List<String> digests = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                AuthorizationCode c = code();
                a.saveCode(c);
                digests.add(c.codeDigest());
            }
            int onFirst = server.metadata(prefix + ":").size();
            int onSecond = second.metadata(prefix + ":").size();
            assertThat(onFirst + onSecond).isEqualTo(100);
            assertThat(onFirst).isGreaterThan(10);
            assertThat(onSecond).isGreaterThan(10);

            Map<String, AtomicInteger> wins = race(digests,
                    List.of(d -> a.redeemCode(d).outcome(), d -> b.redeemCode(d).outcome()));
            assertThat(wins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
        }

        @Test
        @DisplayName("R36 with one node down its keys fail fast instead of moving to the other node; it rejoins when back")
        void nodeDown() throws Exception {
            second = MemcachedServer.start();
            String prefix = newPrefix();
            MemcacheTokenStore store = fastStore(prefix, server.address(), second.address());
            List<AuthorizationCode> codes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                AuthorizationCode c = code();
                store.saveCode(c);
                codes.add(c);
            }
            Set<String> onSecond = second.metadata(prefix + ":").keySet();
            assertThat(onSecond).isNotEmpty().hasSizeLessThan(40);

            second.kill();
            for (AuthorizationCode c : codes) {
                long start = System.nanoTime();
                if (onSecond.contains(prefix + ":code:" + c.codeDigest())) {
                    // answered by the other node instead, the key's state would split over two nodes
                    assertThatThrownBy(() -> store.redeemCode(c.codeDigest()))
                            .isInstanceOf(StoreUnavailableError.class);
                } else {
                    assertThat(store.redeemCode(c.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
            }

            second.restart();
            AuthorizationCode lost = codes.stream()
                    .filter(c -> onSecond.contains(prefix + ":code:" + c.codeDigest())).findFirst().orElseThrow();
            // a restarted memcached is empty: the node answers again, without the entry
            assertThat(eventually(() -> store.fetchByCode(lost.codeDigest()).isEmpty())).isTrue();
        }
    }

    @Nested
    @DisplayName("memcached going down")
    class Outage {

        @Test
        @DisplayName("R36 every operation fails with StoreUnavailableError within the timeout, and serves again after a restart")
        void killAndRestart() throws Exception {
            MemcachedServer own = MemcachedServer.start();
            try {
                MemcacheTokenStore store = fastStore(newPrefix(), own.address());
                AccessToken token = token("f1");
                AuthorizationCode code = code();
                store.saveToken(token);
                store.saveCode(code);

                own.kill();
                List<Runnable> operations = List.of(
                        () -> store.saveToken(token("f2")),
                        () -> store.fetchByToken(token.tokenDigest()),
                        () -> store.fetchByRefreshToken(token.refreshTokenDigest()),
                        () -> store.redeemRefreshToken(token.refreshTokenDigest()),
                        () -> store.deleteToken(token.tokenDigest()),
                        () -> store.revokeFamily("f1", clock.instant().plusSeconds(60)),
                        () -> store.saveCode(code()),
                        () -> store.fetchByCode(code.codeDigest()),
                        () -> store.redeemCode(code.codeDigest()));
                for (int round = 0; round < 3; round++) {
                    for (Runnable operation : operations) {
                        long start = System.nanoTime();
                        assertThatThrownBy(operation::run).isInstanceOf(StoreUnavailableError.class);
                        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
                    }
                }

                own.restart();
                AuthorizationCode fresh = code();
                assertThat(eventually(() -> {
                    store.saveCode(fresh);
                    return true;
                })).isTrue();
                assertThat(store.redeemCode(fresh.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
                // memcached keeps nothing across a restart: what was stored before is gone
                assertThat(store.fetchByToken(token.tokenDigest())).isEmpty();
            } finally {
                own.close();
            }
        }
    }

    /** Polls for up to 15 s while the store reconnects; StoreUnavailableError means "not yet". */
    static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (StoreUnavailableError notYet) {
                // reconnecting
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Eight threads per redeemer try every digest, all starting at once; returns wins per digest. */
    private static Map<String, AtomicInteger> race(List<String> digests,
            List<Function<String, Redemption.Outcome>> redeemers) throws Exception {
        return org.oauth2kit.testkit.Races.race(digests, redeemers, 8);
    }
}
