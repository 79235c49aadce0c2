package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Response;

/**
 * Load without loss: many threads drive every flow at once against a store module's real store,
 * then the outcome is audited. Bounded in count, not time, so it ends by itself on any machine.
 */
public abstract class LoadContract {
    protected MutableClock clock;
    protected Stores stores;
    protected Dispatcher d;

    protected abstract Stores createStores(MutableClock clock) throws Exception;

    protected void closeStores() throws Exception {
    }

    /** Concurrent workers. */
    protected int threads() {
        return 16;
    }

    /** Flows per worker. */
    protected int iterations() {
        return 40;
    }

    @BeforeEach
    void setUpLoad() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
        d = new Dispatcher(ContractFixture.provider(stores.tokens(), stores.codes(), clock));
    }

    @AfterEach
    void tearDownLoad() throws Exception {
        closeStores();
    }

    @Test
    @DisplayName("R14 R26 under concurrent load every issued token is valid afterwards and every refresh token has exactly one successor")
    void loadWithoutLoss() throws Exception {
        List<String> accessTokens = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, String> successorOf = new ConcurrentHashMap<>();
        List<String> liveRefreshTokens = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        run(threads(), () -> {
            for (int i = 0; i < iterations(); i++) {
                Response tokens = d.redeem(d.code(ContractFixture.CLIENT_ID));
                if (tokens.status() != 200) {
                    failures.incrementAndGet();
                    continue;
                }
                String refresh = Dispatcher.field(tokens, "refresh_token");
                for (int r = 0; r < 2; r++) {
                    Response next = d.refresh(refresh);
                    if (next.status() != 200) {
                        failures.incrementAndGet();
                        break;
                    }
                    String successor = Dispatcher.field(next, "refresh_token");
                    assertThat(successorOf.putIfAbsent(refresh, successor)).isNull();
                    accessTokens.add(Dispatcher.field(next, "access_token"));
                    refresh = successor;
                }
                liveRefreshTokens.add(refresh);
                accessTokens.add(Dispatcher.field(d.token("grant_type", "client_credentials"), "access_token"));
            }
        });
        assertThat(failures.get()).isZero();
        assertThat(accessTokens).hasSize(threads() * iterations() * 3).doesNotHaveDuplicates();
        for (String token : accessTokens) {
            assertThat(d.bearer(token).isAuthorized()).as("issued token still valid").isTrue();
        }
        assertThat(successorOf).hasSize(threads() * iterations() * 2);
        // every retired refresh token is refused once more, and that reuse revokes its family, so
        // check the live ends of the chains before replaying a retired one
        for (String live : liveRefreshTokens) {
            assertThat(d.post("/introspect", Dispatcher.form("token", live), "Authorization",
                    Dispatcher.basic(ContractFixture.CLIENT_ID, ContractFixture.CLIENT_SECRET)).body())
                    .contains("\"active\":true");
        }
    }

    @Test
    @DisplayName("R14 R26 racing clients: every code and every refresh token is redeemed exactly once under load")
    void racesUnderLoad() throws Exception {
        int items = threads() * 4;
        List<String> codes = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            codes.add(d.code(ContractFixture.CLIENT_ID));
            refreshTokens.add(Dispatcher.field(d.token("grant_type", "password", "username", "alice", "password",
                    "wonderland"), "refresh_token"));
        }
        Map<String, AtomicInteger> codeWins = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> refreshWins = new ConcurrentHashMap<>();
        codes.forEach(c -> codeWins.put(c, new AtomicInteger()));
        refreshTokens.forEach(r -> refreshWins.put(r, new AtomicInteger()));
        AtomicInteger worker = new AtomicInteger();
        run(threads(), () -> {
            int offset = worker.getAndIncrement();
            for (int i = 0; i < items; i++) {
                String code = codes.get((i + offset) % items);
                if (d.redeem(code).status() == 200) {
                    codeWins.get(code).incrementAndGet();
                }
                String refresh = refreshTokens.get((i + offset) % items);
                if (d.refresh(refresh).status() == 200) {
                    refreshWins.get(refresh).incrementAndGet();
                }
            }
        });
        assertThat(codeWins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
        assertThat(refreshWins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
    }

    private static void run(int threads, ThrowingRunnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
