package org.oauth2kit.store.jdbc;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ClientRegistryContract;

/** The client-registry contract on PostgreSQL, through a HikariCP pool. */
class JdbcClientRegistryContractTest extends ClientRegistryContract {
    @Override
    protected ClientRegistry createRegistry() {
        return JdbcStores.create(TestDatabases.emptiedContractDatabase()).clients();
    }
}
