package org.oauth2kit.store.redis;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.RegistrationContract;
import org.oauth2kit.testkit.Stores;

/**
 * Dynamic client registration and management through a Provider whose clients, tokens and codes
 * are all in a real Redis, on one connection.
 */
class RedisRegistrationContractTest extends RegistrationContract {
    private RedisTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        store = RedisServer.shared().newStore(clock);
        return RedisServer.shared().stores(store);
    }

    @Override
    protected ClientRegistry createRegistry() {
        RedisClientStore clients = new RedisClientStore(store);
        ContractFixture.clientList().forEach(clients::addClient);
        return clients;
    }

    @Override
    protected void closeStores() {
        if (store != null) {
            store.close();
        }
    }
}
