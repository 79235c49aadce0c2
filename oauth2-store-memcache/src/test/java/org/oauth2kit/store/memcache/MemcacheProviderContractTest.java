package org.oauth2kit.store.memcache;

import org.oauth2kit.testkit.ProviderContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The whole protocol through dispatch, with every token and code in a real memcached. */
class MemcacheProviderContractTest extends ProviderContract {
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
