package org.oauth2kit.store.memory;

import org.oauth2kit.testkit.LoadContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

class MemoryLoadContractTest extends LoadContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }
}
