package org.oauth2kit.store.redis;

import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The store contract on a real Redis; the raw dump is what Redis itself holds, read without the store. */
class RedisStoreContractTest extends StoreContract {
    private RedisTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        store = RedisServer.shared().newStore(clock);
        return RedisServer.shared().stores(store);
    }

    @Override
    protected void closeStores() {
        if (store != null) {
            store.close();
        }
    }
}
