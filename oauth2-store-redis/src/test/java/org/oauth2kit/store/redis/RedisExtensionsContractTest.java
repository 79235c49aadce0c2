package org.oauth2kit.store.redis;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.ExtensionsContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** PAR, the device flow, token exchange and DPoP through a Provider on a real Redis, races included. */
class RedisExtensionsContractTest extends ExtensionsContract {
    private RedisTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        store = RedisServer.shared().newStore(clock);
        return RedisServer.shared().stores(store);
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
