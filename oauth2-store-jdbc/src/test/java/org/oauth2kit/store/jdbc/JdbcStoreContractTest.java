package org.oauth2kit.store.jdbc;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.Stores;

/** The store contract on PostgreSQL, through a HikariCP pool. */
class JdbcStoreContractTest extends StoreContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        return TestDatabases.stores(TestDatabases.emptiedContractDatabase(), clock);
    }
}
