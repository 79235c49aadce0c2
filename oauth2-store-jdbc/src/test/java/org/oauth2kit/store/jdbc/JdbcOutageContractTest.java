package org.oauth2kit.store.jdbc;

import java.time.Duration;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.OutageContract;
import org.oauth2kit.testkit.Stores;

import com.zaxxer.hikari.HikariDataSource;

/**
 * PostgreSQL is killed while traffic flows and started again on the same port and data directory.
 * Always on a server of its own, since it is stopped. The pool waits at most 1 s for a connection,
 * so every request during the outage is answered 503 within about a second.
 */
class JdbcOutageContractTest extends OutageContract {
    private PostgresServer server;
    private HikariDataSource pool;

    @Override
    protected Stores createStores(MutableClock clock) throws Exception {
        server = PostgresServer.start();
        server.createDatabase("outage");
        pool = TestDatabases.pool(server.jdbcUrl("outage"), "outage", 10, Duration.ofSeconds(1));
        JdbcSchema.migrate(pool);
        return TestDatabases.stores(pool, clock);
    }

    @Override
    protected void stopBackend() throws Exception {
        server.kill();
    }

    @Override
    protected void startBackend() throws Exception {
        server.restart();
    }

    @Override
    protected boolean backendKeepsData() {
        return true;
    }

    @Override
    protected void closeStores() {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
