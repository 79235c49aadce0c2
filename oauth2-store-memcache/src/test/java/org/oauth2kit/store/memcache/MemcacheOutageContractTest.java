package org.oauth2kit.store.memcache;

import java.time.Duration;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OutageContract;
import org.oauth2kit.testkit.Stores;

/** memcached is killed while traffic flows, then started again on the same port. */
class MemcacheOutageContractTest extends OutageContract {
    private MemcachedServer server;
    private MemcacheTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        server = MemcachedServer.start();
        store = MemcacheTokenStore.builder()
                .servers(server.address())
                .clock(clock)
                .operationTimeout(Duration.ofMillis(500))
                .build();
        return new Stores(store, store, () -> server.dump("oauth2:"));
    }

    @Override
    protected void stopBackend() throws Exception {
        server.kill();
    }

    @Override
    protected void startBackend() throws Exception {
        server.restart();
    }

    @Override
    protected boolean backendKeepsData() {
        return false;
    }

    @Override
    protected void closeStores() {
        store.close();
        server.close();
    }
}
