package org.oauth2kit.store.memory;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ClientRegistryContract;

class MemoryClientRegistryContractTest extends ClientRegistryContract {
    @Override
    protected ClientRegistry createRegistry() {
        return new MemoryClientStore();
    }
}
