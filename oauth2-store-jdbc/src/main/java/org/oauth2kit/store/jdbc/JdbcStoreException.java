package org.oauth2kit.store.jdbc;

import java.sql.SQLException;

/**
 * A database failure that retrying would not cure: a constraint violated, a table missing (the
 * schema was not created), a statement the database refuses. The Provider answers it as any
 * unexpected error, with 500 {@code server_error}, and logs it. A database that cannot be reached
 * is reported as {@link org.oauth2kit.error.StoreUnavailableError} instead.
 *
 * <p>The message names the operation and the SQLState only; the driver's exception, whose message
 * may quote a key, is the cause.
 */
public class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public JdbcStoreException(String message, SQLException cause) {
        super(message, cause);
        this.sqlState = cause.getSQLState();
    }

    /** The SQLState of the driver's exception; null when the driver gave none. */
    public String sqlState() {
        return sqlState;
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
