package org.oauth2kit.store.redis;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

/**
 * The ephemeral-record contract on a real three-master Redis Cluster: every command and script
 * names one key, routed by its slot; the second store is another cluster client under the same
 * prefix.
 */
class RedisClusterEphemeralStoreContractTest extends EphemeralStoreContract {
    private RedisTokenStore first;
    private RedisTokenStore second;
    private String prefix;

    @Override
    protected EphemeralStore createStore(MutableClock clock) throws Exception {
        prefix = RedisCluster.shared().newPrefix();
        first = RedisCluster.shared().newStore(clock, prefix);
        return first;
    }

    @Override
    protected EphemeralStore createSecondStore(MutableClock clock) throws Exception {
        second = RedisCluster.shared().newStore(clock, prefix);
        return second;
    }

    @Override
    protected void closeStores() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }
}
