package org.oauth2kit.store.redis;

import java.time.Duration;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OutageContract;
import org.oauth2kit.testkit.Stores;

/** Redis is killed while traffic flows, then started again, empty, on the same port. */
class RedisOutageContractTest extends OutageContract {
    private RedisServer server;
    private RedisTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        server = RedisServer.start();
        store = RedisTokenStore.builder()
                .uri(server.uri())
                .clock(clock)
                // Killing Redis closes the connection, so requests fail at once, not after a
                // timeout; a generous one keeps a busy machine's slow moments from failing requests.
                .commandTimeout(Duration.ofSeconds(2))
                .build();
        return new Stores(store, store, () -> server.dump(store.prefix() + ":"));
    }

    @Override
    protected void stopBackend() throws Exception {
        server.kill();
    }

    @Override
    protected void startBackend() throws Exception {
        server.restart();
    }

    @Override
    protected boolean backendKeepsData() {
        return false;
    }

    @Override
    protected void closeStores() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
