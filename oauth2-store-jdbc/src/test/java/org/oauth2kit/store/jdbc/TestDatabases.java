package org.oauth2kit.store.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Stores;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The databases the tests use: one PostgreSQL server per test JVM (stopped when the JVM exits),
 * with databases of their own for the tests that need an empty one, and H2 in memory.
 */
final class TestDatabases {
    /** Every table of the store, in an order that truncation accepts. */
    static final String[] TABLES = {"oauth2_token", "oauth2_auth_code", "oauth2_revoked_family", "oauth2_client",
        "oauth2_ephemeral"};

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static PostgresServer postgres;
    private static HikariDataSource contracts;

    private TestDatabases() {
    }

    /** The server shared by the tests of this JVM; started on first use. */
    static synchronized PostgresServer postgres() {
        if (postgres == null) {
            try {
                postgres = PostgresServer.start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            PostgresServer server = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (TestDatabases.class) {
                    if (contracts != null) {
                        contracts.close();
                    }
                }
                server.close();
            }));
        }
        return postgres;
    }

    /**
     * The contract suites' database on the shared server, migrated once; every call empties its
     * tables, so each test starts from nothing (the suites reuse family ids such as "family-a").
     */
    static synchronized HikariDataSource emptiedContractDatabase() {
        if (contracts == null) {
            String name = "contracts";
            try {
                postgres().createDatabase(name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            contracts = pool(postgres().jdbcUrl(name), "contracts", 32, Duration.ofSeconds(10));
            JdbcSchema.migrate(contracts);
        }
        execute(contracts, "TRUNCATE " + String.join(", ", TABLES));
        return contracts;
    }

    /** A new, empty database on the shared server, with a pool of its own; close the pool after use. */
    static HikariDataSource newPostgresDatabase() {
        String name = "test_" + NAMES.incrementAndGet();
        try {
            postgres().createDatabase(name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pool(postgres().jdbcUrl(name), name, 16, Duration.ofSeconds(10));
    }

    /**
     * A new, empty H2 database in memory with a pool of its own. Closing the pool drops the database
     * ({@link #close(HikariDataSource)}).
     */
    static HikariDataSource newH2Database() {
        String name = "h2_" + NAMES.incrementAndGet();
        return pool("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", name, 32, Duration.ofSeconds(10));
    }

    /** A migrated database with empty tables, on one of the databases the store has scripts for. */
    record Migrated(JdbcSchema.Database database, HikariDataSource dataSource, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                TestDatabases.close(dataSource);
            }
        }
    }

    /**
     * Empty tables on PostgreSQL (the shared contract database, emptied) or H2 (a new database in
     * memory, dropped on close).
     */
    static Migrated migrated(JdbcSchema.Database database) {
        if (database == JdbcSchema.Database.POSTGRESQL) {
            return new Migrated(database, emptiedContractDatabase(), false);
        }
        HikariDataSource pool = newH2Database();
        JdbcSchema.migrate(pool);
        return new Migrated(database, pool, true);
    }

    /** A new database without tables: on the shared PostgreSQL server, or H2 in memory. Close it after use. */
    static HikariDataSource newDatabase(JdbcSchema.Database database) {
        return database == JdbcSchema.Database.POSTGRESQL ? newPostgresDatabase() : newH2Database();
    }

    /** Closes a pool; an H2 database in memory goes with it. */
    static void close(HikariDataSource pool) {
        if (pool.getJdbcUrl().startsWith("jdbc:h2:mem:")) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // SHUTDOWN closes every connection, this one too, and may say so
            }
        }
        pool.close();
    }

    /**
     * A HikariCP pool as an application would configure it: a bounded wait for a connection (then
     * the store answers 503), and connections tested only when they have been idle a while. The
     * contract pools have a connection for each of the suites' racing threads, and wait long for
     * one: those tests are about atomicity, not about a machine too busy to hand out a connection.
     */
    static HikariDataSource pool(String url, String name, int size, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(Math.max(250, Math.min(1000, connectionTimeout.toMillis() / 2)));
        return new HikariDataSource(config);
    }

    /** The contracts' view of stores on {@code dataSource}: one object for tokens and codes, and a raw dump. */
    static Stores stores(DataSource dataSource, MutableClock clock) {
        JdbcStores stores = JdbcStores.create(dataSource, clock);
        return new Stores(stores.tokens(), stores.tokens(), () -> dump(dataSource));
    }

    /** Every row of every table of the store, as text: what a copy of the database would reveal. */
    static String dump(DataSource dataSource) {
        StringJoiner all = new StringJoiner("\n");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringJoiner row = new StringJoiner(", ", table + ": ", "");
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.add(meta.getColumnLabel(i).toLowerCase() + "=" + rs.getString(i));
                        }
                        all.add(row.toString());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return all.toString();
    }

    static void execute(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single number {@code sql} selects. */
    static long count(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
