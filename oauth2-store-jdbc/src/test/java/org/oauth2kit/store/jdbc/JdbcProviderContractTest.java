package org.oauth2kit.store.jdbc;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.ProviderContract;
import org.oauth2kit.testkit.Stores;

/** The whole protocol through Provider.dispatch, with tokens and codes in PostgreSQL. */
class JdbcProviderContractTest extends ProviderContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        return TestDatabases.stores(TestDatabases.emptiedContractDatabase(), clock);
    }
}
