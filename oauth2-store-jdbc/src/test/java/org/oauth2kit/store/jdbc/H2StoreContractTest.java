package org.oauth2kit.store.jdbc;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.StoreContract;
import org.oauth2kit.testkit.Stores;

import com.zaxxer.hikari.HikariDataSource;

/** The store contract on H2 in memory, a new database for every test. */
class H2StoreContractTest extends StoreContract {
    private HikariDataSource pool;

    @Override
    protected Stores createStores(MutableClock clock) {
        pool = TestDatabases.newH2Database();
        JdbcSchema.migrate(pool);
        return TestDatabases.stores(pool, clock);
    }

    @Override
    protected void closeStores() {
        TestDatabases.close(pool);
    }
}
