package org.oauth2kit.store.jdbc;

import java.time.Duration;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The ephemeral-store contract on H2 in memory, a new database for every test; the second store
 * has a pool of its own on the same database.
 */
class H2EphemeralStoreContractTest extends EphemeralStoreContract {
    private HikariDataSource pool;
    private HikariDataSource otherPool;

    @Override
    protected EphemeralStore createStore(MutableClock clock) {
        pool = TestDatabases.newH2Database();
        JdbcSchema.migrate(pool);
        return JdbcStores.create(pool, clock).tokens();
    }

    @Override
    protected EphemeralStore createSecondStore(MutableClock clock) {
        otherPool = TestDatabases.pool(pool.getJdbcUrl(), "other", 16, Duration.ofSeconds(10));
        return JdbcStores.create(otherPool, clock).tokens();
    }

    @Override
    protected void closeStores() {
        otherPool.close();
        TestDatabases.close(pool);
    }
}
