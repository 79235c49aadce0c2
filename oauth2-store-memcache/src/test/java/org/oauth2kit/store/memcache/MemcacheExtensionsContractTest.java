package org.oauth2kit.store.memcache;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.ExtensionsContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** PAR, the device flow, token exchange and DPoP through a Provider on a real memcached, races included. */
class MemcacheExtensionsContractTest extends ExtensionsContract {
    private MemcacheTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        store = MemcachedServer.shared().newStore(clock);
        return MemcachedServer.shared().stores(store);
    }

    @Override
    protected EphemeralStore createEphemeralStore(MutableClock clock) {
        return store;
    }

    @Override
    protected void closeStores() {
        if (store != null) {
            store.close();
        }
    }
}
