package org.oauth2kit.store.jdbc;

import org.oauth2kit.testkit.LoadContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** Load without loss with tokens and codes in PostgreSQL. */
class JdbcLoadContractTest extends LoadContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        return TestDatabases.stores(TestDatabases.emptiedContractDatabase(), clock);
    }
}
