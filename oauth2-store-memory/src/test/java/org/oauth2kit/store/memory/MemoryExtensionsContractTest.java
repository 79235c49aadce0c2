package org.oauth2kit.store.memory;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.ExtensionsContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

class MemoryExtensionsContractTest extends ExtensionsContract {
    private MemoryTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) {
        store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected EphemeralStore createEphemeralStore(MutableClock clock) {
        return store;
    }
}
