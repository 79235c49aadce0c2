package org.oauth2kit.store.redis;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OpenIdContract;
import org.oauth2kit.testkit.Stores;

/** OpenID Connect with codes and tokens in a real Redis: the nonce and auth_time travel through it. */
class RedisOpenIdContractTest extends OpenIdContract {
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
