package org.oauth2kit.store.jdbc;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

import org.oauth2kit.testkit.MultiNodeContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

import com.zaxxer.hikari.HikariDataSource;

/** Two server processes, each with a HikariCP pool of its own, on one PostgreSQL database. */
class JdbcMultiNodeContractTest extends MultiNodeContract {
    private final Map<Stores, HikariDataSource> pools = new IdentityHashMap<>();
    private String url;

    @Override
    protected void prepareBackend() {
        url = TestDatabases.emptiedContractDatabase().getJdbcUrl();
    }

    @Override
    protected Stores createStores(MutableClock clock) {
        HikariDataSource pool = TestDatabases.pool(url, "node" + (pools.size() + 1), 16, Duration.ofSeconds(10));
        Stores stores = TestDatabases.stores(pool, clock);
        pools.put(stores, pool);
        return stores;
    }

    @Override
    protected void closeStores(Stores stores) {
        HikariDataSource pool = pools.remove(stores);
        if (pool != null) {
            pool.close();
        }
    }
}
