package org.oauth2kit.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * Creates and upgrades the store's tables with the versioned scripts shipped in this jar,
 * {@code db/<database>/V<version>__<description>.sql} (Flyway's naming), and records each applied
 * version in the table {@value #HISTORY_TABLE}.
 *
 * <pre>{@code
 * JdbcSchema.migrate(dataSource);   // at application start: applies what is missing, else nothing
 * }</pre>
 *
 * <p>Each version is applied once: a version already recorded is skipped, so calling this at every
 * start is cheap and safe. On PostgreSQL a version is applied in one transaction together with its
 * record, so instances starting at the same time cannot apply it twice (the second waits for the
 * first, then skips), and a failed script leaves nothing behind. H2 commits each DDL statement on
 * its own, so there a version is recorded after its last statement succeeded.
 *
 * <p>Recorded versions are checked against the scripts: a script that changed after it was applied
 * fails the migration, as Flyway's validation would.
 *
 * <p>Applications with their own migration tool can run the same scripts with it instead (see the
 * module's README); then do not call this class.
 */
public final class JdbcSchema {
    /** The table in which this migrator records applied versions. */
    public static final String HISTORY_TABLE = "oauth2kit_schema_version";

    /** The newest schema version this jar holds scripts for. */
    public static final int LATEST_VERSION = 5;

    /** Applied in this order; a released version's script never changes, a new one is added. */
    private static final List<Version> VERSIONS = List.of(new Version(1, "oauth2kit"), new Version(2, "ephemeral"),
            new Version(3, "client_metadata"), new Version(4, "key_collation"),
            new Version(5, "family_index"));

    private static final String CREATE_HISTORY = "CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
            + "version INTEGER NOT NULL, "
            + "description VARCHAR(200) NOT NULL, "
            + "script VARCHAR(200) NOT NULL, "
            + "checksum VARCHAR(64) NOT NULL, "
            + "installed_on TIMESTAMP WITH TIME ZONE NOT NULL, "
            + "CONSTRAINT " + HISTORY_TABLE + "_pk PRIMARY KEY (version))";
    private static final String READ_HISTORY = "SELECT version, checksum FROM " + HISTORY_TABLE;
    private static final String RECORD = "INSERT INTO " + HISTORY_TABLE
            + " (version, description, script, checksum, installed_on) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";

    private JdbcSchema() {
    }

    /** The databases this jar holds scripts for. */
    public enum Database {
        /** PostgreSQL 12 or later: scripts in {@code db/postgresql}. DDL is transactional. */
        POSTGRESQL("postgresql", "PostgreSQL", true),
        /** H2 2.x: scripts in {@code db/h2}. Each DDL statement commits on its own. */
        H2("h2", "H2", false);

        private final String directory;
        private final String productName;
        private final boolean transactionalDdl;

        Database(String directory, String productName, boolean transactionalDdl) {
            this.directory = directory;
            this.productName = productName;
            this.transactionalDdl = transactionalDdl;
        }

        /** The resource directory of this database's scripts, e.g. {@code db/postgresql}. */
        public String scriptDirectory() {
            return "db/" + directory;
        }

        /**
         * The database with this JDBC product name ({@code DatabaseMetaData.getDatabaseProductName()}).
         *
         * @throws IllegalArgumentException for a database this jar has no scripts for
         */
        public static Database ofProductName(String productName) {
            for (Database d : values()) {
                if (d.productName.equalsIgnoreCase(productName)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("no oauth2kit schema scripts for " + productName
                    + "; there are scripts for PostgreSQL and H2 (see db/postgresql/V1__oauth2kit.sql in "
                    + "oauth2-store-jdbc to write the tables for another database)");
        }
    }

    /**
     * Applies the scripts of every version not yet recorded in {@value #HISTORY_TABLE}, in order,
     * for the database behind {@code dataSource} (told by its JDBC product name).
     *
     * @return the schema version the database now has
     * @throws org.oauth2kit.error.StoreUnavailableError when the database cannot be reached
     * @throws JdbcStoreException when a statement fails
     * @throws IllegalStateException when a recorded version's script has changed since
     * @throws IllegalArgumentException when there are no scripts for this database
     */
    public static int migrate(DataSource dataSource) {
        Jdbc jdbc = jdbc(dataSource);
        return migrate(jdbc, jdbc.autoCommit("detect database",
                c -> Database.ofProductName(c.getMetaData().getDatabaseProductName())));
    }

    /** As {@link #migrate(DataSource)}, with the scripts for {@code database}. */
    public static int migrate(DataSource dataSource, Database database) {
        return migrate(jdbc(dataSource), Objects.requireNonNull(database, "database"));
    }

    /**
     * The highest version recorded in {@value #HISTORY_TABLE}; 0 when there is none (nothing was
     * migrated, or another tool created the tables).
     */
    public static int currentVersion(DataSource dataSource) {
        Jdbc jdbc = jdbc(dataSource);
        return jdbc.autoCommit("read schema version", c -> {
            if (!historyExists(c)) {
                return 0;
            }
            return applied(jdbc, c).keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        });
    }

    /**
     * The text of a version's script, as shipped in this jar under
     * {@code db/<database>/V<version>__<description>.sql}.
     *
     * @throws IllegalArgumentException for a version this jar does not have
     */
    public static String script(Database database, int version) {
        return read(path(database, find(version)));
    }

    /** The resource path of a version's script, e.g. {@code db/postgresql/V1__oauth2kit.sql}. */
    public static String scriptPath(Database database, int version) {
        return path(database, find(version));
    }

    // ---- migration ----

    private record Version(int number, String description) {
    }

    private static Jdbc jdbc(DataSource dataSource) {
        // no query timeout: DDL may wait for locks held by live traffic, and must not give up half-way
        return new Jdbc(dataSource, Duration.ZERO, Jdbc.DEFAULT_RETRY_AFTER);
    }

    private static int migrate(Jdbc jdbc, Database database) {
        createHistoryTable(jdbc);
        Map<Integer, String> applied = jdbc.autoCommit("read schema history", c -> applied(jdbc, c));
        int current = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Version v : VERSIONS) {
            String path = path(database, v);
            List<String> statements = statements(read(path));
            String checksum = checksum(statements);
            String recorded = applied.get(v.number());
            if (recorded == null) {
                apply(jdbc, database, v, path, statements, checksum);
            } else if (!recorded.equals(checksum)) {
                throw new IllegalStateException("schema version " + v.number() + " was applied from a script with "
                        + "checksum " + recorded + ", but " + path + " now has checksum " + checksum
                        + ": a script must not change once it has been applied");
            }
            current = Math.max(current, v.number());
        }
        return current;
    }

    /** Another instance applied the version first. */
    private static final class AppliedElsewhere extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AppliedElsewhere() {
            super(null, null, false, false);
        }
    }

    private static void apply(Jdbc jdbc, Database database, Version v, String path, List<String> statements,
            String checksum) {
        try {
            jdbc.transaction("migrate to schema version " + v.number(), c -> {
                if (database.transactionalDdl) {
                    // Recorded first: a second instance migrating at the same moment waits on this
                    // row's key until the first commits, then finds it taken and skips the version.
                    record(jdbc, c, v, path, checksum);
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : statements) {
                        s.execute(sql);
                    }
                }
                if (!database.transactionalDdl) {
                    record(jdbc, c, v, path, checksum);
                }
                return null;
            });
        } catch (AppliedElsewhere e) {
            // the version is there, applied by another instance
        }
    }

    private static void record(Jdbc jdbc, Connection c, Version v, String path, String checksum)
            throws SQLException {
        try {
            jdbc.update(c, RECORD, s -> {
                s.setInt(1, v.number());
                s.setString(2, v.description());
                s.setString(3, path);
                s.setString(4, checksum);
            });
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new AppliedElsewhere();
            }
            throw e;
        }
    }

    private static void createHistoryTable(Jdbc jdbc) {
        try {
            jdbc.autoCommit("create schema history", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(CREATE_HISTORY);
                }
                return null;
            });
        } catch (JdbcStoreException e) {
            // Two instances creating it at the same moment: PostgreSQL may refuse the second
            // "IF NOT EXISTS" with a unique violation in its catalog. Fine if the table is there now.
            if (!jdbc.autoCommit("read schema history", JdbcSchema::historyExists)) {
                throw e;
            }
        }
    }

    private static boolean historyExists(Connection c) throws SQLException {
        var meta = c.getMetaData();
        for (String name : List.of(HISTORY_TABLE, HISTORY_TABLE.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<Integer, String> applied(Jdbc jdbc, Connection c) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (var s = jdbc.prepare(c, READ_HISTORY); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                applied.put(rs.getInt("version"), rs.getString("checksum"));
            }
        }
        return applied;
    }

    // ---- scripts ----

    private static Version find(int version) {
        return VERSIONS.stream().filter(v -> v.number() == version).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no schema version " + version + "; the latest is " + LATEST_VERSION));
    }

    private static String path(Database database, Version v) {
        return database.scriptDirectory() + "/V" + v.number() + "__" + v.description() + ".sql";
    }

    private static String read(String path) {
        try (InputStream in = JdbcSchema.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + path, e);
        }
    }

    /**
     * The statements of a script: comments ({@code --} to the end of the line) removed, split at
     * semicolons, runs of white space made one space.
     */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\\R")) {
            int comment = line.indexOf("--");
            sql.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String part : sql.toString().split(";")) {
            String statement = part.strip().replaceAll("\\s+", " ");
            if (!statement.isEmpty()) {
                statements.add(statement);
            }
        }
        return statements;
    }

    /** SHA-256 of the statements, so that comments, line endings and indentation do not count. */
    private static String checksum(List<String> statements) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : statements) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) ';');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
