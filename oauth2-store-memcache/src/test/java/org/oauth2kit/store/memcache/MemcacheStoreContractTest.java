package org.oauth2kit.store.memcache;

import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The store contract on a real memcached; the raw dump is what memcached itself holds. */
class MemcacheStoreContractTest extends StoreContract {
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
