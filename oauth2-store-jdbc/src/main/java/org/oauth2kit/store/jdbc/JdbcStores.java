package org.oauth2kit.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * The stores on one database: tokens, codes and short-lived records ({@link JdbcTokenStore}, which
 * is the {@code AccessTokenStore}, the {@code AuthCodeStore} and the {@code EphemeralStore}) and
 * clients ({@link JdbcClientStore}).
 *
 * <pre>{@code
 * JdbcSchema.migrate(dataSource);                          // creates the tables once
 * JdbcStores stores = JdbcStores.create(dataSource, clock);
 * Provider provider = Provider.builder()
 *         .tokenStore(stores.tokens())                     // also its EphemeralStore
 *         .clientStore(stores.clients())
 *         ...
 * }</pre>
 *
 * @param tokens  access tokens, refresh tokens, authorization codes and short-lived records
 * @param clients registered clients
 */
public record JdbcStores(JdbcTokenStore tokens, JdbcClientStore clients) {
    public JdbcStores {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(clients, "clients");
    }

    /** The stores on the database behind {@code dataSource}, with the system clock and the default timeouts. */
    public static JdbcStores create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /**
     * The stores on the database behind {@code dataSource}, with the default timeouts.
     *
     * @param clock the Provider's clock, which decides when a family revocation may be forgotten,
     *              when a short-lived record has expired and what {@link #purgeExpired()} deletes
     */
    public static JdbcStores create(DataSource dataSource, Clock clock) {
        return builder(dataSource).clock(clock).build();
    }

    /** Starts stores on the database behind {@code dataSource}, to set the clock and the timeouts. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Deletes the rows no read can use any more: see {@link JdbcTokenStore#purgeExpired()}.
     *
     * @return how many rows were deleted
     */
    public JdbcTokenStore.Purged purgeExpired() {
        return tokens.purgeExpired();
    }

    /** Builds {@link JdbcStores}. */
    public static final class Builder {
        private final DataSource dataSource;
        private Clock clock = Clock.systemUTC();
        private Duration queryTimeout = Jdbc.DEFAULT_QUERY_TIMEOUT;
        private Duration retryAfter = Jdbc.DEFAULT_RETRY_AFTER;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The Provider's clock; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long one statement may run before the driver cancels it and the operation fails with
         * {@link org.oauth2kit.error.StoreUnavailableError}; default 5 s. JDBC counts whole seconds,
         * so it is rounded up; zero means no limit. It does not bound the wait for a connection
         * (the pool's connection timeout does) nor a dead socket (the driver's socket timeout does).
         */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
            return this;
        }

        /** The {@code Retry-After} sent with the 503 while the database cannot be reached; default 5 s. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        public JdbcStores build() {
            Jdbc jdbc = new Jdbc(dataSource, queryTimeout, retryAfter);
            return new JdbcStores(new JdbcTokenStore(jdbc, clock), new JdbcClientStore(jdbc));
        }
    }
}
