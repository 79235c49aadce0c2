package org.oauth2kit.store.memcache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.LoadContract;
import org.oauth2kit.testkit.Stores;

/** Load without loss with every token and code in a real memcached. */
class MemcacheLoadContractTest extends LoadContract {
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
        String prefix = "load" + TESTS.incrementAndGet();
        store = MemcacheTokenStore.builder()
                .servers(server.address())
                .prefix(prefix)
                .clock(clock)
                .operationTimeout(Duration.ofSeconds(5))
                .build();
        return new Stores(store, store, () -> server.dump(prefix + ":"));
    }

    @Override
    protected void closeStores() {
        store.close();
    }
}
