package org.oauth2kit.store.memory;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OpenIdContract;
import org.oauth2kit.testkit.Stores;

class MemoryOpenIdContractTest extends OpenIdContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }
}
