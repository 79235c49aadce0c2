package org.oauth2kit.store.redis;

import org.oauth2kit.testkit.ProviderContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** The whole protocol through dispatch, with every token and code in a real Redis. */
class RedisProviderContractTest extends ProviderContract {
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
