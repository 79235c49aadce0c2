package org.oauth2kit.store.memcache;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OpenIdContract;
import org.oauth2kit.testkit.Stores;

/** OpenID Connect with codes and tokens in a real memcached: the nonce and auth_time travel through it. */
class MemcacheOpenIdContractTest extends OpenIdContract {
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
