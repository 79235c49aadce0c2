package org.oauth2kit.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.Stores;

/**
 * The store contract on a real three-master Redis Cluster: every operation is routed by its key's
 * slot, and a script touching two slots would fail with CROSSSLOT.
 */
class RedisClusterStoreContractTest extends StoreContract {
    private RedisTokenStore store;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        store = RedisCluster.shared().newStore(clock);
        return RedisCluster.shared().stores(store);
    }

    @Override
    protected void closeStores() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    @DisplayName("keys spread over every master of the cluster, and the store's dump walks them all")
    void keysOnEveryNode() throws Exception {
        for (int i = 0; i < 30; i++) {
            stores.tokens().saveToken(token("family-" + i, true));
            stores.codes().saveCode(code());
        }
        for (RedisServer node : RedisCluster.shared().nodes()) {
            assertThat(node.dump(store.prefix() + ":")).as("keys on the node at port %s", node.port()).isNotEmpty();
        }
        assertThat(store.dump()).isEqualTo(RedisCluster.shared().dump(store.prefix() + ":"));
        assertThat(store.dump().lines()).hasSize(90);
    }
}
