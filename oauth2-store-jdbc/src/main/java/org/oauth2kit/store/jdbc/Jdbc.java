package org.oauth2kit.store.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.oauth2kit.error.StoreUnavailableError;

/**
 * How the stores talk to the database: one connection from the {@link DataSource} per operation,
 * given back at once (the pool, not the store, keeps connections and replaces broken ones), a
 * query timeout on every statement, and failures sorted into "the database cannot be reached
 * right now" ({@link StoreUnavailableError}, answered with 503 and {@code Retry-After}) and
 * everything else ({@link JdbcStoreException}, a 500).
 */
final class Jdbc {
    static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

    /** SQLStates (or their two-character classes) that mean "try again shortly". */
    private static final String[] TEMPORARY_STATES = {
        "08",    // connection exception: refused, broken, lost
        "53",    // insufficient resources: too many connections, out of memory, disk full
        "57P01", // admin_shutdown: the server is stopping
        "57P02", // crash_shutdown: another server process crashed
        "57P03", // cannot_connect_now: the server is starting up or in recovery
        "57014", // query_canceled: the query timeout expired
        "55P03", // lock_not_available: lock_timeout expired
        "25006", // read_only_sql_transaction: connected to a standby, e.g. during a failover
        "40001", // serialization_failure
        "40P01", // deadlock_detected
        "HYT00", // timeout expired (H2's lock timeout, ODBC)
        "HYT01", // connection timeout expired
    };

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;
    private final Duration retryAfter;
    // Told by the driver on first use; a DataSource does not change databases.
    private volatile Boolean postgres;

    Jdbc(DataSource dataSource, Duration queryTimeout, Duration retryAfter) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative()) {
            throw new IllegalArgumentException("queryTimeout must not be negative");
        }
        // JDBC counts whole seconds; round up so that a short timeout is not turned into none (0)
        long seconds = queryTimeout.getSeconds() + (queryTimeout.getNano() > 0 ? 1 : 0);
        this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, seconds);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive");
        }
    }


    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs {@code work} with each statement committed on its own. */
    <T> T autoCommit(String operation, Work<T> work) {
        return run(operation, true, work);
    }

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    <T> T transaction(String operation, Work<T> work) {
        return run(operation, false, work);
    }

    private <T> T run(String operation, boolean autoCommit, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            // A pool may hand out connections in either mode: set the one this work needs, and
            // put the connection back as it came.
            boolean was = c.getAutoCommit();
            if (was != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
            try {
                T result = work.run(c);
                if (!autoCommit) {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                if (!autoCommit) {
                    rollbackQuietly(c, e);
                }
                throw e;
            } finally {
                if (was != autoCommit) {
                    restoreQuietly(c, was);
                }
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Whether the database is PostgreSQL (asked once), for the statements written for it. */
    boolean isPostgres(Connection c) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = "PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
            postgres = known;
        }
        return known;
    }

    /** A statement with the query timeout set. */
    PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setQueryTimeout(queryTimeoutSeconds);
        return s;
    }

    int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement s = prepare(c, sql)) {
            binder.bind(s);
            return s.executeUpdate();
        }
    }

    /** The first row the query returns, read by {@code row}; empty when there is none. */
    <T> Optional<T> one(Connection c, String sql, Binder binder, Row<T> row) throws SQLException {
        try (PreparedStatement s = prepare(c, sql)) {
            binder.bind(s);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Updates a row by key or, when there is none, inserts it, without a dialect's upsert syntax:
     * update; if nothing was updated, insert; if the insert meets the row another caller inserted
     * meanwhile (a unique violation), update again. Each statement commits on its own.
     */
    void upsert(String operation, Binder update, String updateSql, Binder insert, String insertSql) {
        for (int attempt = 1;; attempt++) {
            if (autoCommit(operation, c -> update(c, updateSql, update)) > 0) {
                return;
            }
            boolean mayRetry = attempt < 3;
            boolean inserted = autoCommit(operation, c -> {
                try {
                    return update(c, insertSql, insert) > 0;
                } catch (SQLException e) {
                    if (mayRetry && isUniqueViolation(e)) {
                        return false;
                    }
                    throw e;
                }
            });
            if (inserted) {
                return;
            }
        }
    }

    /** What a failed call becomes: {@link StoreUnavailableError} when it is temporary, else {@link JdbcStoreException}. */
    RuntimeException failure(String operation, SQLException e) {
        // Names the operation and the kind of failure only: never a digest or a value (R37).
        String what = describe(e);
        if (isTemporary(e)) {
            return new StoreUnavailableError("database unavailable (" + operation + "): " + what, e, retryAfter);
        }
        return new JdbcStoreException(operation + " failed: " + what, e);
    }

    /**
     * Whether the failure means the database cannot be reached or cannot answer right now: the
     * JDBC exception classes for that (transient, recoverable, connection failures, which cover a
     * pool's "no connection within connectionTimeout" and the driver's timeouts), the SQLStates
     * above, or an I/O error underneath.
     */
    static boolean isTemporary(SQLException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                for (String state : TEMPORARY_STATES) {
                    if (s.getSQLState().startsWith(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    private static String describe(SQLException e) {
        StringBuilder what = new StringBuilder(e.getClass().getSimpleName());
        if (e.getSQLState() != null) {
            what.append(" (SQLState ").append(e.getSQLState()).append(')');
        }
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < 20; depth++) {
            root = root.getCause();
        }
        if (root != e) {
            what.append(", caused by ").append(root.getClass().getSimpleName());
        }
        return what.toString();
    }

    private static void rollbackQuietly(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void restoreQuietly(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException | RuntimeException e) {
            // a broken connection; the pool discards it
        }
    }

    // ---- values ----

    /**
     * Instants go to {@code TIMESTAMP WITH TIME ZONE} columns, which keep microseconds: they are
     * truncated to the microsecond first, so what is read back is exactly what was written.
     */
    static void setInstant(PreparedStatement s, int index, Instant instant) throws SQLException {
        if (instant == null) {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(index, OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC));
        }
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static void setNullableString(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
