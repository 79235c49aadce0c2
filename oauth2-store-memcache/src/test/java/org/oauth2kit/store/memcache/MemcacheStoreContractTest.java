package org.oauth2kit.store.memcache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.Stores;

/** The store contract on a real memcached; the raw dump is what memcached itself holds. */
class MemcacheStoreContractTest extends StoreContract {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static MemcachedServer server;

    private MemcacheTokenStore store;

    @BeforeAll
    static void startMemcached() throws Exception {
        server = MemcachedServer.start();
    }

    @AfterAll
    static void stopMemcached() throws Exception {
        server.close();
    }

    @Override
    protected Stores createStores(MutableClock clock) {
        // a prefix per test keeps tests apart on one memcached
        String prefix = "contract" + TESTS.incrementAndGet();
        store = MemcacheTokenStore.builder()
                .servers(server.address())
                .prefix(prefix)
                .clock(clock)
                // generous: the race tests share two cores with whatever else runs
                .operationTimeout(Duration.ofSeconds(5))
                .build();
        return new Stores(store, store, () -> server.dump(prefix + ":"));
    }

    @Override
    protected void closeStores() {
        store.close();
    }
}
