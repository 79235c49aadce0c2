package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oauth2kit.AccessToken;
import org.oauth2kit.store.jdbc.JdbcSchema.Database;

/**
 * Token saves that arrive together are written together (R67), on a real PostgreSQL server and on
 * H2: every caller's row is committed when its call returns, concurrent rows share statements, and
 * a row that cannot be written fails its own caller only.
 */
class JdbcGroupCommitTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.123456Z");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R67 tokens saved by many threads at once: each is committed when its save returns, and saves share statements")
    void concurrentSavesAreCommittedTogether(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            Jdbc jdbc = jdbc(db);
            JdbcTokenStore store = new JdbcTokenStore(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
            List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
            // the store's own writer, watched: how many rows each statement carried
            GroupCommit<AccessToken> inserts = new GroupCommit<>(jdbc, "save token", JdbcTokenStore.MAX_TOKENS_PER_BATCH,
                    (c, rows) -> {
                        batchSizes.add(rows.size());
                        store.insertTokens(c, rows);
                    });
            int threads = 32;
            int perThread = 100;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<AccessToken>>> saved = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    saved.add(pool.submit(() -> {
                        start.await();
                        List<AccessToken> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            AccessToken token = token(i % 2 == 0);
                            inserts.insert(token);
                            // committed on return: readable at once, through another connection
                            assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
                            mine.add(token);
                        }
                        return mine;
                    }));
                }
                start.countDown();
                List<AccessToken> all = new ArrayList<>();
                for (Future<List<AccessToken>> f : saved) {
                    all.addAll(f.get(120, TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(threads * perThread);
                assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_token"))
                        .isEqualTo(threads * perThread);
                for (AccessToken token : all) {
                    assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
                }
                assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * perThread);
                assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, JdbcTokenStore.MAX_TOKENS_PER_BATCH));
                // 32 callers and one writer at a time: rows queue while a statement runs
                assertThat(batchSizes.size()).isLessThan(threads * perThread);
                assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R67 a row that spoils its batch (a duplicate token) fails its own caller only; the rows written with it are saved")
    void aBadRowFailsItsCallerOnly(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            Jdbc jdbc = jdbc(db);
            JdbcTokenStore store = new JdbcTokenStore(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
            AccessToken existing = token(true);
            store.saveToken(existing);
            // The first statement waits until every other caller has queued its row, so that the
            // second statement carries all of them, the duplicate among them.
            int others = 8;
            CountDownLatch firstStatement = new CountDownLatch(1);
            CountDownLatch othersQueued = new CountDownLatch(1);
            AtomicInteger statements = new AtomicInteger();
            List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
            GroupCommit<AccessToken> inserts = new GroupCommit<>(jdbc, "save token", JdbcTokenStore.MAX_TOKENS_PER_BATCH,
                    (c, rows) -> {
                        if (statements.incrementAndGet() == 1) {
                            firstStatement.countDown();
                            await(othersQueued);
                        }
                        sizes.add(rows.size());
                        store.insertTokens(c, rows);
                    });
            ExecutorService pool = Executors.newFixedThreadPool(others + 1);
            try {
                AccessToken first = token(false);
                Future<?> firstSave = pool.submit(() -> inserts.insert(first));
                assertThat(firstStatement.await(30, TimeUnit.SECONDS)).isTrue();
                List<AccessToken> good = new ArrayList<>();
                List<Future<?>> goodSaves = new ArrayList<>();
                for (int i = 0; i < others - 1; i++) {
                    AccessToken token = token(i % 2 == 0);
                    good.add(token);
                    goodSaves.add(pool.submit(() -> inserts.insert(token)));
                }
                // the same access-token digest as a saved token: the primary key refuses it
                AccessToken duplicate = new AccessToken(existing.tokenDigest(), "other", "client_credentials", Map.of(),
                        List.of("read"), NOW, NOW.plusSeconds(60), null, null, digest());
                Future<?> duplicateSave = pool.submit(() -> inserts.insert(duplicate));
                // every caller queued (the writer is held in the first statement), then let go
                awaitQueued(inserts, others);
                othersQueued.countDown();

                firstSave.get(30, TimeUnit.SECONDS);
                for (Future<?> f : goodSaves) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThatThrownBy(() -> duplicateSave.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(JdbcStoreException.class);
                for (AccessToken token : good) {
                    assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
                }
                assertThat(store.fetchByToken(first.tokenDigest())).contains(first);
                assertThat(store.fetchByToken(existing.tokenDigest())).contains(existing);
                assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_token")).isEqualTo(others + 1);
                // the first statement, then the whole queue as one (refused), then row by row
                assertThat(sizes.get(0)).isOne();
                assertThat(sizes.get(1)).isEqualTo(others);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R67 a caller interrupted while its row is being written waits for the outcome and keeps its interrupt")
    void anInterruptedCallerWaitsForItsRow(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            Jdbc jdbc = jdbc(db);
            JdbcTokenStore store = new JdbcTokenStore(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            GroupCommit<AccessToken> inserts = new GroupCommit<>(jdbc, "save token", JdbcTokenStore.MAX_TOKENS_PER_BATCH,
                    (c, rows) -> {
                        writing.countDown();
                        await(release);
                        store.insertTokens(c, rows);
                    });
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                AccessToken first = token(false);
                Future<?> writer = pool.submit(() -> inserts.insert(first));
                assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
                AccessToken second = token(true);
                CountDownLatch waiting = new CountDownLatch(1);
                Thread waiter = new Thread(() -> {
                    waiting.countDown();
                    inserts.insert(second);
                    if (!Thread.currentThread().isInterrupted()) {
                        throw new AssertionError("the interrupt was lost");
                    }
                });
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                waiter.setUncaughtExceptionHandler((t, e) -> failures.add(e));
                waiter.start();
                assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
                awaitQueued(inserts, 1);
                waiter.interrupt();
                Thread.sleep(100);
                assertThat(waiter.isAlive()).isTrue(); // still waiting for its row

                release.countDown();
                writer.get(30, TimeUnit.SECONDS);
                waiter.join(30_000);
                assertThat(waiter.isAlive()).isFalse();
                assertThat(failures).isEmpty();
                assertThat(store.fetchByToken(first.tokenDigest())).contains(first);
                assertThat(store.fetchByToken(second.tokenDigest())).contains(second);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R67 saves that do not wait (saveTokenAsync), among saves that do: each future completes once its row is committed, the callers that do not wait are never held, and statements are shared")
    void savesThatDoNotWait(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            Jdbc jdbc = jdbc(db);
            JdbcTokenStore store = new JdbcTokenStore(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
            List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
            List<String> writers = Collections.synchronizedList(new ArrayList<>());
            GroupCommit<AccessToken> inserts = new GroupCommit<>(jdbc, "save token", JdbcTokenStore.MAX_TOKENS_PER_BATCH,
                    (c, rows) -> {
                        batchSizes.add(rows.size());
                        writers.add(Thread.currentThread().getName());
                        store.insertTokens(c, rows);
                    });
            int threads = 16;
            int perThread = 100;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Map<AccessToken, java.util.concurrent.CompletableFuture<Void>>>> saved = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    boolean waits = t % 4 == 0; // a quarter of the callers wait, as JAX-RS requests would
                    saved.add(pool.submit(() -> {
                        start.await();
                        Map<AccessToken, java.util.concurrent.CompletableFuture<Void>> mine = new java.util.LinkedHashMap<>();
                        for (int i = 0; i < perThread; i++) {
                            AccessToken token = token(i % 2 == 0);
                            if (waits) {
                                inserts.insert(token);
                                mine.put(token, java.util.concurrent.CompletableFuture.completedFuture(null));
                            } else {
                                // committed when the future completes: readable then, through another connection
                                java.util.concurrent.CompletableFuture<Void> f = inserts.insertAsync(token)
                                        .thenRun(() -> assertThat(store.fetchByToken(token.tokenDigest())).contains(token));
                                mine.put(token, f);
                            }
                        }
                        return mine;
                    }));
                }
                start.countDown();
                Map<AccessToken, java.util.concurrent.CompletableFuture<Void>> all = new java.util.LinkedHashMap<>();
                for (Future<Map<AccessToken, java.util.concurrent.CompletableFuture<Void>>> f : saved) {
                    all.putAll(f.get(120, TimeUnit.SECONDS));
                }
                for (java.util.concurrent.CompletableFuture<Void> f : all.values()) {
                    f.get(120, TimeUnit.SECONDS); // throws if the row's read-back failed
                }
                assertThat(all).hasSize(threads * perThread);
                assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_token"))
                        .isEqualTo(threads * perThread);
                assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(threads * perThread);
                assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
                assertThat(writers).anyMatch(name -> name.startsWith("oauth2kit-jdbc-writer-"));
                assertThat(inserts.queued()).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R67 a save that does not wait and cannot be written completes its own future exceptionally; the others are saved")
    void aBadRowFailsItsOwnFuture(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = new JdbcTokenStore(jdbc(db), Clock.fixed(NOW, ZoneOffset.UTC));
            AccessToken existing = token(true);
            store.saveToken(existing);
            List<AccessToken> good = new ArrayList<>();
            List<java.util.concurrent.CompletableFuture<Void>> goodSaves = new ArrayList<>();
            java.util.concurrent.CompletableFuture<Void> duplicateSave = null;
            for (int i = 0; i < 20; i++) {
                if (i == 10) {
                    AccessToken duplicate = new AccessToken(existing.tokenDigest(), "other", "client_credentials", Map.of(),
                            List.of("read"), NOW, NOW.plusSeconds(60), null, null, digest());
                    duplicateSave = store.saveTokenAsync(duplicate).toCompletableFuture();
                }
                AccessToken token = token(i % 2 == 0);
                good.add(token);
                goodSaves.add(store.saveTokenAsync(token).toCompletableFuture());
            }
            for (java.util.concurrent.CompletableFuture<Void> f : goodSaves) {
                f.get(30, TimeUnit.SECONDS);
            }
            java.util.concurrent.CompletableFuture<Void> refused = duplicateSave;
            assertThatThrownBy(() -> refused.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(JdbcStoreException.class);
            for (AccessToken token : good) {
                assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
            }
            assertThat(store.fetchByToken(existing.tokenDigest())).contains(existing);
            assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_token")).isEqualTo(21);
        }
    }

    /**
     * A token whose text holds what array and row encodings must carry through: quotes, commas,
     * braces, backslashes, the word NULL, white space and characters beyond ASCII.
     */
    private static Jdbc jdbc(TestDatabases.Migrated db) {
        return new Jdbc(db.dataSource(), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Waits until {@code rows} rows wait to be written (their callers parked), at most 30 s. */
    private static void awaitQueued(GroupCommit<?> inserts, int rows) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inserts.queued() < rows && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(inserts.queued()).isEqualTo(rows);
    }

    private static AccessToken token(boolean withRefresh) {
        return new AccessToken(digest(), "client \"x\", {y}", withRefresh ? "authorization_code" : "client_credentials",
                Map.of("sub", "alice", "odd \"key\" {,}", "back\\slash NULL , {} \t 名前 😀", "empty", ""),
                List.of("read", "wr\"ite", "NULL"), NOW, NOW.plusSeconds(3600), withRefresh ? digest() : null,
                withRefresh ? NOW.plusSeconds(86400) : null, digest());
    }

    private static String digest() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test's latch was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
