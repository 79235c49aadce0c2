package org.oauth2kit.store.jdbc;

import static org.oauth2kit.store.jdbc.Jdbc.setInstant;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL of {@link JdbcTokenStore}'s {@link org.oauth2kit.store.EphemeralStore} methods, on the
 * table {@code oauth2_ephemeral}: one row per kind and key, live while {@code expires_at} is after
 * the store's clock. Each operation is one statement whose row count or returned row decides its
 * outcome, never a read followed by a write; only a store-if-absent on a database other than
 * PostgreSQL takes two (see {@link #add}).
 */
final class EphemeralRecords {
    private static final String GET = "SELECT record_value FROM oauth2_ephemeral "
            + "WHERE kind = ? AND record_key = ? AND expires_at > ?";
    /**
     * PostgreSQL: inserts, or on a row with the same key overwrites it if it has expired. The row
     * count is 1 exactly when the record was stored; concurrent callers wait for each other's row
     * lock and re-check the condition against the row as committed.
     */
    private static final String ADD_POSTGRES = "INSERT INTO oauth2_ephemeral AS e "
            + "(kind, record_key, record_value, expires_at) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (kind, record_key) DO UPDATE SET record_value = EXCLUDED.record_value, "
            + "expires_at = EXCLUDED.expires_at WHERE e.expires_at <= ?";
    private static final String INSERT = "INSERT INTO oauth2_ephemeral (kind, record_key, record_value, expires_at) "
            + "VALUES (?, ?, ?, ?)";
    private static final String OVERWRITE_EXPIRED = "UPDATE oauth2_ephemeral SET record_value = ?, expires_at = ? "
            + "WHERE kind = ? AND record_key = ? AND expires_at <= ?";
    private static final String REPLACE = "UPDATE oauth2_ephemeral SET record_value = ? "
            + "WHERE kind = ? AND record_key = ? AND record_value = ? AND expires_at > ?";
    private static final String LIVE_ROW = "FROM oauth2_ephemeral WHERE kind = ? AND record_key = ? AND expires_at > ?";
    private static final String TAKE_POSTGRES = "DELETE " + LIVE_ROW + " RETURNING record_value";
    /** H2 2.x has no {@code DELETE ... RETURNING}; its data change delta table is the same one statement. */
    private static final String TAKE_H2 = "SELECT record_value FROM OLD TABLE (DELETE " + LIVE_ROW + ")";
    static final String PURGE = "DELETE FROM oauth2_ephemeral WHERE (kind, record_key) IN (SELECT kind, record_key "
            + "FROM oauth2_ephemeral WHERE expires_at <= ? FETCH FIRST " + JdbcTokenStore.PURGE_BATCH + " ROWS ONLY)";

    /** Insert and overwrite rounds before an add gives up against rows that keep vanishing under it. */
    private static final int ADD_ATTEMPTS = 3;

    private final Jdbc jdbc;
    private final Clock clock;
    EphemeralRecords(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * PostgreSQL: one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expired}. Elsewhere (H2): an
     * {@code INSERT}, and when the key is taken (a unique violation) one {@code UPDATE} of the row
     * if it has expired. Of concurrent callers one insert succeeds, or one update re-checks the
     * expiry first; the others count no row. Should the row vanish between the two statements (a
     * purge), the insert is tried again.
     */
    boolean add(String kind, String key, String value, Instant expiresAt) {
        check(kind, key);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String stored = encode(value);
        Instant now = clock.instant();
        return jdbc.autoCommit("add record", c -> {
            if (jdbc.isPostgres(c)) {
                return jdbc.update(c, ADD_POSTGRES, s -> {
                    s.setString(1, kind);
                    s.setString(2, key);
                    s.setString(3, stored);
                    setInstant(s, 4, expiresAt);
                    setInstant(s, 5, now);
                }) == 1;
            }
            for (int attempt = 0; attempt < ADD_ATTEMPTS; attempt++) {
                try {
                    return jdbc.update(c, INSERT, s -> {
                        s.setString(1, kind);
                        s.setString(2, key);
                        s.setString(3, stored);
                        setInstant(s, 4, expiresAt);
                    }) == 1;
                } catch (SQLException e) {
                    if (!Jdbc.isUniqueViolation(e)) {
                        throw e;
                    }
                }
                int overwritten = jdbc.update(c, OVERWRITE_EXPIRED, s -> {
                    s.setString(1, stored);
                    setInstant(s, 2, expiresAt);
                    s.setString(3, kind);
                    s.setString(4, key);
                    setInstant(s, 5, now);
                });
                if (overwritten == 1) {
                    return true;
                }
                // no row counted: a live one holds the key, or the row was deleted since the insert
            }
            return false;
        });
    }

    Optional<String> get(String kind, String key) {
        check(kind, key);
        Instant now = clock.instant();
        return jdbc.autoCommit("get record", c -> jdbc.one(c, GET, liveRow(kind, key, now),
                rs -> decode(rs.getString(1))));
    }

    /** One conditional {@code UPDATE}: the expiry stays, and of concurrent callers one counts the row. */
    boolean replace(String kind, String key, String expected, String value) {
        check(kind, key);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        Instant now = clock.instant();
        return jdbc.autoCommit("replace record", c -> jdbc.update(c, REPLACE, s -> {
            s.setString(1, encode(value));
            s.setString(2, kind);
            s.setString(3, key);
            s.setString(4, encode(expected));
            setInstant(s, 5, now);
        })) == 1;
    }

    /** One {@code DELETE} that returns the row it deleted: of concurrent callers one gets it. */
    Optional<String> take(String kind, String key) {
        check(kind, key);
        Instant now = clock.instant();
        return jdbc.autoCommit("take record", c -> jdbc.one(c, jdbc.isPostgres(c) ? TAKE_POSTGRES : TAKE_H2,
                liveRow(kind, key, now), rs -> decode(rs.getString(1))));
    }

    private static Jdbc.Binder liveRow(String kind, String key, Instant now) {
        return s -> {
            s.setString(1, kind);
            s.setString(2, key);
            setInstant(s, 3, now);
        };
    }

    private static void check(String kind, String key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
    }

    // ---- values ----

    /**
     * A value as stored: PostgreSQL's text cannot hold U+0000, so NUL becomes {@code \0} and a
     * backslash {@code \\}. The encoding is one-to-one, so equal values are equal when stored and
     * {@code replace} compares them in SQL. Values without either character are stored unchanged.
     */
    static String encode(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\0') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\') {
                out.append("\\\\");
            } else if (ch == '\0') {
                out.append("\\0");
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    static String decode(String stored) {
        if (stored.indexOf('\\') < 0) {
            return stored;
        }
        StringBuilder out = new StringBuilder(stored.length());
        for (int i = 0; i < stored.length(); i++) {
            char ch = stored.charAt(i);
            if (ch == '\\' && i + 1 < stored.length()) {
                out.append(stored.charAt(++i) == '0' ? '\0' : '\\');
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
