package org.oauth2kit.store.jdbc;

import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ClientRegistryContract;

import com.zaxxer.hikari.HikariDataSource;

/** The client-registry contract on H2 in memory, a new database for every test. */
class H2ClientRegistryContractTest extends ClientRegistryContract {
    private HikariDataSource pool;

    @Override
    protected ClientRegistry createRegistry() {
        pool = TestDatabases.newH2Database();
        JdbcSchema.migrate(pool);
        return JdbcStores.create(pool).clients();
    }

    @Override
    protected void closeRegistry() {
        TestDatabases.close(pool);
    }
}
