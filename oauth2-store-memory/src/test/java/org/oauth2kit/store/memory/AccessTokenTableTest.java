package org.oauth2kit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.AccessToken;

/** The memory store's access tokens as bytes in chunks: everything put comes back equal, until removed or expired. */
class AccessTokenTableTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00.123456789Z");

    private static AccessToken token(int i, Instant expiresAt) {
        Map<String, String> data = new LinkedHashMap<>();
        if (i % 3 == 0) {
            data.put("user_id", "user-" + i);
            data.put("aud", "https://api.example/" + (i % 7));
        }
        List<String> scopes = i % 2 == 0 ? List.of("read") : List.of("read", "write", "scope-" + (i % 11));
        boolean refresh = i % 5 == 0;
        return new AccessToken("digest-" + i, "client-" + (i % 13), i % 4 == 0 ? "authorization_code"
                : "client_credentials", data, scopes, T0.plusNanos(i), expiresAt, refresh ? "refresh-" + i : null,
                refresh ? expiresAt.plusSeconds(86_400) : null, "family-" + i);
    }

    /** A table holding tokens 0 to n - 1, all expiring at {@code expiresAt}: several chunks for n = 40,000. */
    private static AccessTokenTable filled(int n, Instant expiresAt) {
        AccessTokenTable table = new AccessTokenTable();
        for (int i = 0; i < n; i++) {
            table.put(token(i, expiresAt));
        }
        return table;
    }

    @Test
    @DisplayName("R29 tokens across many chunks come back equal, replaced by digest, removed, counted")
    void roundTripAcrossChunks() {
        int n = 40_000;
        AccessTokenTable table = filled(n, T0.plusSeconds(3600));
        assertThat(table.chunks()).isGreaterThan(3);
        assertThat(table.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(table.get("digest-" + i)).isEqualTo(token(i, T0.plusSeconds(3600)));
        }
        assertThat(table.get("digest-")).isNull();
        assertThat(table.get("digest-400000")).isNull();
        for (int i = 0; i < n; i += 2) {
            table.remove("digest-" + i);
        }
        table.put(token(1, T0.plusSeconds(60)));
        assertThat(table.size()).isEqualTo(n / 2);
        assertThat(table.get("digest-2")).isNull();
        assertThat(table.get("digest-1")).isEqualTo(token(1, T0.plusSeconds(60)));
        assertThat(table.get("digest-3")).isEqualTo(token(3, T0.plusSeconds(3600)));
        assertThat(table.all()).hasSize(n / 2);
    }

    @Test
    @DisplayName("R29 digests that share their first and last four characters share a hash and are still told apart")
    void sharedHashesToldApart() {
        AccessTokenTable table = new AccessTokenTable();
        int n = 2_000;
        String[] digests = new String[n];
        for (int i = 0; i < n; i++) {
            // only the middle differs: every one of these digests has the same hash
            digests[i] = "abcd" + String.format("%039d", i) + "wxyz";
        }
        assertThat(java.util.Arrays.stream(digests).mapToInt(AccessTokenTable::hash).distinct().count()).isEqualTo(1);
        for (int i = 0; i < n; i++) {
            table.put(withDigest(token(i, T0.plusSeconds(3600)), digests[i]));
        }
        for (int i = 0; i < n; i += 2) {
            table.remove(digests[i]);
        }
        for (int i = 0; i < n; i++) {
            AccessToken found = table.get(digests[i]);
            if (i % 2 == 0) {
                assertThat(found).as(digests[i]).isNull();
            } else {
                assertThat(found).as(digests[i]).isEqualTo(withDigest(token(i, T0.plusSeconds(3600)), digests[i]));
            }
        }
        assertThat(table.size()).isEqualTo(n / 2);
        assertThat(table.get("abcd" + String.format("%039d", n) + "wxyz")).isNull();
    }

    @Test
    @DisplayName("R29 the hash of random digests spreads them evenly")
    void hashSpreads() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        int buckets = 1024;
        int[] counts = new int[buckets];
        int n = 102_400;
        for (int i = 0; i < n; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String digest = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            counts[AccessTokenTable.hash(digest) >>> 22]++;
        }
        // 100 a bucket on average; a fair hash keeps every bucket within about 6 standard deviations (10)
        assertThat(java.util.Arrays.stream(counts).min().getAsInt()).isGreaterThan(40);
        assertThat(java.util.Arrays.stream(counts).max().getAsInt()).isLessThan(160);
    }

    private static AccessToken withDigest(AccessToken t, String digest) {
        return new AccessToken(digest, t.clientId(), t.grantType(), t.data(), t.scopes(), t.issuedAt(), t.expiresAt(),
                t.refreshTokenDigest(), t.refreshExpiresAt(), t.familyId());
    }

    @Test
    @DisplayName("R29 sweeping drops expired tokens, frees their chunks and moves the few live ones out of mostly empty chunks")
    void sweepingFreesAndCompacts() {
        AccessTokenTable table = new AccessTokenTable();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            // one in fifty lives a day, the others an hour
            table.put(token(i, T0.plusSeconds(i % 50 == 0 ? 86_400 : 3600)));
        }
        int before = table.chunks();
        table.removeExpired(T0.plusSeconds(3599));
        assertThat(table.size()).isEqualTo(n);
        assertThat(table.chunks()).isEqualTo(before);

        table.removeExpired(T0.plusSeconds(3600));
        assertThat(table.size()).isEqualTo(n / 50);
        assertThat(table.chunks()).isLessThanOrEqualTo(2);
        for (int i = 0; i < n; i++) {
            AccessToken read = table.get("digest-" + i);
            if (i % 50 == 0) {
                assertThat(read).isEqualTo(token(i, T0.plusSeconds(86_400)));
            } else {
                assertThat(read).isNull();
            }
        }
        table.removeExpired(T0.plusSeconds(86_400));
        assertThat(table.size()).isZero();
        assertThat(table.chunks()).isLessThanOrEqualTo(1);
        table.put(token(7, T0.plusSeconds(10)));
        assertThat(table.get("digest-7")).isEqualTo(token(7, T0.plusSeconds(10)));
    }

    @Test
    @DisplayName("R29 chunks freed by a sweep are reused without clearing: tokens written over old bytes read back whole, and sweep correctly")
    void reusedChunks() {
        AccessTokenTable table = filled(40_000, T0.plusSeconds(60));
        int filled = table.chunks();
        assertThat(filled).isGreaterThan(3);
        table.removeExpired(T0.plusSeconds(60));
        assertThat(table.size()).isZero();
        assertThat(table.chunks()).isLessThanOrEqualTo(1);

        // fewer, shorter records than before: each reused chunk ends well before its old bytes do
        int m = 5_000;
        for (int i = 0; i < m; i++) {
            table.put(token(1_000_000 + i, T0.plusSeconds(i % 2 == 0 ? 120 : 7200)));
        }
        for (int i = 0; i < m; i++) {
            assertThat(table.get("digest-" + (1_000_000 + i)))
                    .isEqualTo(token(1_000_000 + i, T0.plusSeconds(i % 2 == 0 ? 120 : 7200)));
        }
        assertThat(table.get("digest-5")).isNull();
        // a sweep walks only the records written since the reuse: the old ones behind them are not tokens
        table.removeExpired(T0.plusSeconds(120));
        assertThat(table.size()).isEqualTo(m / 2);
        assertThat(table.all()).hasSize(m / 2).allSatisfy(t -> assertThat(t.expiresAt()).isEqualTo(T0.plusSeconds(7200)));
        table.removeExpired(T0.plusSeconds(7200));
        assertThat(table.size()).isZero();
    }

    @Test
    @DisplayName("R29 the tokens' bytes live outside the Java heap, in direct buffers, reused once freed")
    void chunksOutsideTheHeap() {
        AccessTokenTable table = filled(40_000, T0.plusSeconds(60));
        assertThat(table.chunks()).isGreaterThan(3);
        assertThat(table.chunksOffHeap()).isTrue();
        table.removeExpired(T0.plusSeconds(60));
        assertThat(table.spareChunks()).isBetween(1, AccessTokenTable.SPARE_CHUNKS);
        int spares = table.spareChunks();
        table.put(token(1, T0.plusSeconds(3600)));
        table.put(token(2, T0.plusSeconds(3600)));
        // the chunk still being written when the sweep ran was kept; the next one comes from the spares
        assertThat(table.spareChunks()).isIn(spares, spares - 1);
        assertThat(table.chunksOffHeap()).isTrue();
    }

    @Test
    @DisplayName("R29 keys and values of any text, records larger than a chunk, and more distinct words than the dictionary holds")
    void anyTextAndLimits() {
        AccessTokenTable table = new AccessTokenTable();
        Map<String, String> big = Map.of("claims", "x".repeat(AccessTokenTable.CHUNK_BYTES + 10));
        AccessToken huge = new AccessToken("digest-big", "abc", "client_credentials", big, List.of("read"), T0,
                T0.plusSeconds(60), null, null, "family-big");
        AccessToken unicode = new AccessToken("dïgest-ü😀", "klïent 😀", "urn:x", Map.of("nåme", "välue\u0000"),
                List.of("rëad"), T0, T0.plusSeconds(60), "réfresh", T0.plusSeconds(120), "fämily");
        table.put(huge);
        table.put(unicode);
        assertThat(table.get("digest-big")).isEqualTo(huge);
        assertThat(table.get("dïgest-ü😀")).isEqualTo(unicode);
        assertThat(table.get("dïgest-ü")).isNull();
        assertThat(table.get("digest-bi")).isNull();
        List<AccessToken> many = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            many.add(new AccessToken("d" + i, "client-" + i, "client_credentials", Map.of(), List.of("s" + i), T0,
                    T0.plusSeconds(60), null, null, "f" + i));
        }
        many.forEach(table::put);
        for (AccessToken t : many) {
            assertThat(table.get(t.tokenDigest())).isEqualTo(t);
        }
    }

    @Test
    @DisplayName("R14 concurrent writers, readers and a sweeper that frees and compacts: every live token written and not removed is read back whole")
    void concurrentUse() throws Exception {
        AccessTokenTable table = new AccessTokenTable();
        Map<String, AccessToken> expected = new ConcurrentHashMap<>();
        Instant sweepAt = T0.plusSeconds(10);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 30_000; i++) {
                    // nine in ten expire at the sweeper's instant: the chunks it walks are mostly holes
                    boolean lasting = i % 10 == 0;
                    AccessToken t = token(writer * 1_000_000 + i, lasting ? T0.plusSeconds(3600) : sweepAt);
                    table.put(t);
                    if (lasting) {
                        AccessToken back = table.get(t.tokenDigest());
                        if (!t.equals(back)) {
                            throw new AssertionError("read back " + back + " for " + t);
                        }
                        if (i % 7 == 0) {
                            table.remove(t.tokenDigest());
                        } else {
                            expected.put(t.tokenDigest(), t);
                        }
                    }
                }
                return null;
            }));
        }
        work.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
                table.removeExpired(sweepAt);
                Thread.sleep(2);
            }
            return null;
        }));
        for (Future<?> f : work) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        table.removeExpired(sweepAt);
        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((digest, t) -> assertThat(table.get(digest)).isEqualTo(t));
        assertThat(table.chunks()).isLessThanOrEqualTo(3);
    }
}
