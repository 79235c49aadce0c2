package org.oauth2kit.store.jdbc;

import javax.sql.DataSource;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.ExtensionsContract;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

/** PAR, the device flow, token exchange and DPoP through a Provider on PostgreSQL, races included. */
class JdbcExtensionsContractTest extends ExtensionsContract {
    private DataSource dataSource;

    @Override
    protected Stores createStores(MutableClock clock) {
        dataSource = TestDatabases.emptiedContractDatabase();
        return TestDatabases.stores(dataSource, clock);
    }

    @Override
    protected EphemeralStore createEphemeralStore(MutableClock clock) {
        return JdbcStores.create(dataSource, clock).tokens();
    }
}
