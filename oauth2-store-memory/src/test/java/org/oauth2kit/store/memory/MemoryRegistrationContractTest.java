package org.oauth2kit.store.memory;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.RegistrationContract;
import org.oauth2kit.testkit.Stores;

class MemoryRegistrationContractTest extends RegistrationContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        MemoryTokenStore store = new MemoryTokenStore(clock);
        return new Stores(store, store, store::dump);
    }

    @Override
    protected ClientRegistry createRegistry() {
        MemoryClientStore clients = new MemoryClientStore();
        ContractFixture.clientList().forEach(clients::addClient);
        return clients;
    }
}
