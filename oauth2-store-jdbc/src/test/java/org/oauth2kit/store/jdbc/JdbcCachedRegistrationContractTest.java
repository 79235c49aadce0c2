package org.oauth2kit.store.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import org.oauth2kit.store.ClientCache;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.testkit.ContractFixture;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.RegistrationContract;
import org.oauth2kit.testkit.Stores;

/**
 * Dynamic client registration and management through a Provider whose clients are in PostgreSQL
 * behind a {@link ClientCache} (R66): every rule holds as without the cache, because registration's
 * writes go through it.
 */
class JdbcCachedRegistrationContractTest extends RegistrationContract {
    private DataSource database;

    @Override
    protected Stores createStores(MutableClock clock) {
        database = TestDatabases.emptiedContractDatabase();
        return TestDatabases.stores(database, clock);
    }

    @Override
    protected ClientRegistry createRegistry() {
        JdbcClientStore clients = JdbcStores.create(database).clients();
        ContractFixture.clientList().forEach(clients::addClient);
        return ClientCache.of(clients, Duration.ofMinutes(5));
    }
}
