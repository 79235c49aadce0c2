package org.oauth2kit.store.redis;

import org.oauth2kit.testkit.MultiNodeContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** Two server processes, each with its own Redis connection, on one Redis. */
class RedisMultiNodeContractTest extends MultiNodeContract {
    private String prefix;

    @Override
    protected void prepareBackend() throws Exception {
        prefix = RedisServer.shared().newPrefix();
    }

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        return RedisServer.shared().stores(RedisServer.shared().newStore(clock, prefix));
    }

    @Override
    protected void closeStores(Stores stores) {
        ((RedisTokenStore) stores.tokens()).close();
    }
}
