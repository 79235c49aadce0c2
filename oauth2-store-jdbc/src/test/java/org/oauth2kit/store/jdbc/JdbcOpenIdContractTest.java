package org.oauth2kit.store.jdbc;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OpenIdContract;
import org.oauth2kit.testkit.Stores;

/** OpenID Connect with codes and tokens in PostgreSQL: the nonce and auth_time travel through it. */
class JdbcOpenIdContractTest extends OpenIdContract {
    @Override
    protected Stores createStores(MutableClock clock) {
        return TestDatabases.stores(TestDatabases.emptiedContractDatabase(), clock);
    }
}
