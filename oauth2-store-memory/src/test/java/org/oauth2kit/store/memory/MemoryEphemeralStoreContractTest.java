package org.oauth2kit.store.memory;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

class MemoryEphemeralStoreContractTest extends EphemeralStoreContract {
    @Override
    protected EphemeralStore createStore(MutableClock clock) {
        return new MemoryTokenStore(clock);
    }
}
