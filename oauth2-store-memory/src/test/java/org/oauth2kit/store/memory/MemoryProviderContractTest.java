package org.oauth2kit.store.memory;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.ProviderContract;
import org.oauth2kit.testkit.Stores;

class MemoryProviderContractTest extends ProviderContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }
}
