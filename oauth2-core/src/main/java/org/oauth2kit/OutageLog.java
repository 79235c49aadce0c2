package org.oauth2kit;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.oauth2kit.error.StoreUnavailableError;

/**
 * Logs a store outage without flooding the log: the first failure at once, then at most one line
 * every five seconds with the number of failures since the last line. An outage under load
 * otherwise writes one warning per request (thousands), hiding everything else.
 */
final class OutageLog {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final AtomicLong nextLine = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    void storeUnavailable(StoreUnavailableError e) {
        long now = System.nanoTime();
        long next = nextLine.get();
        if (now - next >= 0 && nextLine.compareAndSet(next, now + INTERVAL_NANOS)) {
            long more = suppressed.getAndSet(0);
            Provider.LOG.log(Level.WARNING, "store unavailable: " + e.getMessage()
                    + (more > 0 ? " (and " + more + " more failures since the last message)" : ""));
        } else {
            suppressed.incrementAndGet();
        }
    }
}
