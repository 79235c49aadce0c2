package org.oauth2kit.store.jdbc;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.ProviderContract;
import org.oauth2kit.testkit.Stores;

import com.zaxxer.hikari.HikariDataSource;

/** The whole protocol through Provider.dispatch, with tokens and codes in H2 in memory. */
class H2ProviderContractTest extends ProviderContract {
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
