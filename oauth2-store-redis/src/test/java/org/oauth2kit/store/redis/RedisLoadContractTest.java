package org.oauth2kit.store.redis;

import org.oauth2kit.testkit.LoadContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** Load without loss with every token and code in a real Redis. */
class RedisLoadContractTest extends LoadContract {
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
