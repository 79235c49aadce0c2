package org.oauth2kit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.web.Response;

/**
 * Faults (R36): the real backend stops while traffic flows, then comes back on the same address.
 * Every answer meanwhile is a token or a quick 503 JSON error with {@code Retry-After}; nothing is
 * half-issued; no request hangs; service resumes by itself, without rebuilding the stores.
 */
public abstract class OutageContract {
    private static final int WORKERS = 8;

    protected MutableClock clock;
    protected Stores stores;
    protected Dispatcher d;

    /** Stores on a backend this test may stop and start. */
    protected abstract Stores createStores(MutableClock clock) throws Exception;

    /** Stops the backend abruptly (kill the process, stop the server). */
    protected abstract void stopBackend() throws Exception;

    /** Starts the backend again on the same address. */
    protected abstract void startBackend() throws Exception;

    protected void closeStores() throws Exception {
    }

    /** Whether data written before the outage survives it (memcached forgets everything). */
    protected abstract boolean backendKeepsData();

    /** The longest any single request may take while the backend is down. */
    protected Duration maxRequestTime() {
        return Duration.ofSeconds(15);
    }

    /** How long the service may take to come back after the backend did. */
    protected Duration maxRecoveryTime() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    void setUpOutage() throws Exception {
        clock = new MutableClock();
        stores = createStores(clock);
        d = new Dispatcher(ContractFixture.provider(stores.tokens(), stores.codes(), clock));
    }

    @AfterEach
    void tearDownOutage() throws Exception {
        closeStores();
    }

    private record Outcome(long startedNanos, long tookNanos, Response response) {
    }

    @Test
    @DisplayName("R36 R68 the store stops while traffic flows: quick 503s with Retry-After, whether the request waits for the save or not, nothing half-issued, service resumes by itself")
    void outageUnderTraffic() throws Exception {
        Response before = d.codeGrant();
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            // half the workers wait for the store's save, half go through saveTokenAsync (R68)
            boolean withoutWaiting = i % 2 == 1;
            workers.add(pool.submit(() -> {
                for (int n = 0; running.get() && n < 100_000; n++) {
                    long start = System.nanoTime();
                    Response r = withoutWaiting ? d.tokenWithoutWaiting("grant_type", "client_credentials")
                            : d.token("grant_type", "client_credentials");
                    outcomes.add(new Outcome(start, System.nanoTime() - start, r));
                }
                return null;
            }));
        }
        try {
            awaitCount(outcomes, 50, r -> r.status() == 200);
            long stoppedAt = System.nanoTime();
            stopBackend();
            awaitCount(outcomes, 20, r -> r.status() == 503);
            startBackend();
            long restartedAt = System.nanoTime();
            long deadline = restartedAt + maxRecoveryTime().toNanos();
            while (System.nanoTime() < deadline && !servedSince(outcomes, restartedAt, 50)) {
                Thread.sleep(50);
            }
            assertThat(servedSince(outcomes, restartedAt, 50)).as("service resumed within %s", maxRecoveryTime())
                    .isTrue();
            running.set(false);
            for (Future<?> w : workers) {
                w.get(maxRequestTime().toSeconds() + 5, TimeUnit.SECONDS); // no hung request
            }
            assertThat(stoppedAt).isPositive();
        } finally {
            running.set(false);
            pool.shutdownNow();
        }

        List<String> issuedAfterwards = new ArrayList<>();
        long failures = 0;
        synchronized (outcomes) {
            for (Outcome o : outcomes) {
                Response r = o.response();
                // either answer, depending on when the request met the outage; each is checked below
                assertThat(r.status()).as(r.body()).isIn(200, 503);
                assertThat(Duration.ofNanos(o.tookNanos())).isLessThan(maxRequestTime());
                if (r.status() == 503) {
                    failures++;
                    assertThat(Dispatcher.field(r, "error")).isEqualTo("temporarily_unavailable");
                    assertThat(r.header("Retry-After")).matches("[1-9][0-9]*");
                    assertThat(r.body()).doesNotContain("access_token").doesNotContain("Exception");
                } else {
                    issuedAfterwards.add(Dispatcher.field(r, "access_token"));
                }
            }
        }
        assertThat(failures).isPositive();
        // a token is returned only after it is stored: whatever was answered 200 after the
        // backend came back is valid now (and before it too, when the backend keeps data)
        List<String> recent = issuedAfterwards.subList(Math.max(0, issuedAfterwards.size() - 50),
                issuedAfterwards.size());
        for (String token : recent) {
            assertThat(d.bearer(token).isAuthorized()).isTrue();
        }
        if (backendKeepsData()) {
            for (String token : issuedAfterwards) {
                assertThat(d.bearer(token).isAuthorized()).isTrue();
            }
            assertThat(d.bearer(Dispatcher.field(before, "access_token")).isAuthorized()).isTrue();
            assertThat(d.refresh(Dispatcher.field(before, "refresh_token")).status()).isEqualTo(200);
        }
        assertThat(d.codeGrant().status()).isEqualTo(200);
    }

    private static boolean servedSince(List<Outcome> outcomes, long since, int count) {
        synchronized (outcomes) {
            return outcomes.stream().filter(o -> o.startedNanos() > since && o.response().status() == 200).count()
                    >= count;
        }
    }

    private void awaitCount(List<Outcome> outcomes, int count, java.util.function.Predicate<Response> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + maxRecoveryTime().toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (outcomes) {
                if (outcomes.stream().filter(o -> which.test(o.response())).count() >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " matching responses within " + maxRecoveryTime());
    }
}
