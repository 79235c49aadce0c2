package org.oauth2kit.store.redis;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ClientRegistryContract;
import org.oauth2kit.testkit.MutableClock;

/** The client-registry contract on a real Redis, through a token store's connection. */
class RedisClientRegistryContractTest extends ClientRegistryContract {
    private RedisTokenStore tokens;

    @Override
    protected ClientRegistry createRegistry() throws Exception {
        tokens = RedisServer.shared().newStore(new MutableClock());
        return new RedisClientStore(tokens);
    }

    @Override
    protected void closeRegistry() {
        if (tokens != null) {
            tokens.close();
        }
    }
}
