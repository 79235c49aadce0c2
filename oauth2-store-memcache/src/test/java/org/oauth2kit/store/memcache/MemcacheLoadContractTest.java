package org.oauth2kit.store.memcache;

import org.oauth2kit.testkit.LoadContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** Load without loss with every token and code in a real memcached. */
class MemcacheLoadContractTest extends LoadContract {
    private MemcacheTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        store = MemcachedServer.shared().newStore(clock);
        return MemcachedServer.shared().stores(store);
    }

    @Override
    protected void closeStores() {
        store.close();
    }
}
