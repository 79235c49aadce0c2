package org.oauth2kit.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.oauth2kit.store.Redemption;

/** Real threads racing to redeem the same codes or refresh tokens (R14, R26). */
public final class Races {
    private Races() {
    }

    /**
     * Runs {@code call} on {@code threads} threads at once: every thread waits for one signal, so
     * the calls start together rather than one after the other as they are submitted.
     *
     * @return every result, in the order the threads were started
     */
    public static <T> List<T> all(int threads, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts {@code threadsEach} threads per redeemer (a redeemer may stand for a separate
     * process, e.g. another store instance); all start at once and each tries every digest,
     * beginning at a different place so the races spread out.
     *
     * @return how often each digest was {@code REDEEMED}
     */
    public static Map<String, AtomicInteger> race(List<String> digests,
            List<Function<String, Redemption.Outcome>> redeemers, int threadsEach) throws Exception {
        Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
        digests.forEach(d -> wins.put(d, new AtomicInteger()));
        ExecutorService pool = Executors.newFixedThreadPool(threadsEach * redeemers.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int offset = 0;
            for (Function<String, Redemption.Outcome> redeem : redeemers) {
                for (int t = 0; t < threadsEach; t++) {
                    int from = offset++;
                    futures.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < digests.size(); i++) {
                            String d = digests.get((i + from) % digests.size());
                            if (redeem.apply(d) == Redemption.Outcome.REDEEMED) {
                                wins.get(d).incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return wins;
    }
}
