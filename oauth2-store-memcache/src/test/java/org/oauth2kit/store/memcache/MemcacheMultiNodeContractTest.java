package org.oauth2kit.store.memcache;

import org.oauth2kit.testkit.MultiNodeContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** Two server processes, each with its own memcached client, on one memcached. */
class MemcacheMultiNodeContractTest extends MultiNodeContract {
    private String prefix;

    @Override
    protected void prepareBackend() throws Exception {
        prefix = MemcachedServer.shared().newPrefix();
    }

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        return MemcachedServer.shared().stores(MemcachedServer.shared().newStore(clock, prefix));
    }

    @Override
    protected void closeStores(Stores stores) {
        ((MemcacheTokenStore) stores.tokens()).close();
    }
}
