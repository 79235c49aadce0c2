package org.oauth2kit.store.jdbc;

import java.time.Duration;

import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.testkit.EphemeralStoreContract;
import org.oauth2kit.testkit.MutableClock;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The ephemeral-store contract on PostgreSQL. The second store has a HikariCP pool of its own on
 * the same database, as another process would, so the races run over two pools' connections.
 */
class JdbcEphemeralStoreContractTest extends EphemeralStoreContract {
    private HikariDataSource otherPool;

    @Override
    protected EphemeralStore createStore(MutableClock clock) {
        return JdbcStores.create(TestDatabases.emptiedContractDatabase(), clock).tokens();
    }

    @Override
    protected EphemeralStore createSecondStore(MutableClock clock) {
        otherPool = TestDatabases.pool(TestDatabases.emptiedContractDatabase().getJdbcUrl(), "other", 16,
                Duration.ofSeconds(10));
        return JdbcStores.create(otherPool, clock).tokens();
    }

    @Override
    protected void closeStores() {
        otherPool.close();
    }
}
