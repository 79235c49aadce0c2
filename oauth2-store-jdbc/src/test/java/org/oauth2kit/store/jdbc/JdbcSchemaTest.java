package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.store.jdbc.JdbcSchema.Database;

import com.zaxxer.hikari.HikariDataSource;

/** The built-in migrator and the shipped scripts, on empty PostgreSQL and H2 databases. */
class JdbcSchemaTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("an empty database is migrated to the latest version once; running the migration again changes nothing")
    void migratesOnce(Database database) throws Exception {
        HikariDataSource ds = TestDatabases.newDatabase(database);
        try {
            assertThat(JdbcSchema.currentVersion(ds)).isZero();

            assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);

            assertThat(JdbcSchema.currentVersion(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);
            for (String table : TestDatabases.TABLES) {
                assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM " + table)).isZero();
            }
            List<String> history = history(ds);
            assertThat(history).hasSize(JdbcSchema.LATEST_VERSION);
            assertThat(history.get(0)).matches("1 oauth2kit " + database.scriptDirectory()
                    + "/V1__oauth2kit.sql [0-9a-f]{64} .+");
            assertThat(history.get(1)).matches("2 ephemeral " + database.scriptDirectory()
                    + "/V2__ephemeral.sql [0-9a-f]{64} .+");
            assertThat(history.get(2)).matches("3 client_metadata " + database.scriptDirectory()
                    + "/V3__client_metadata.sql [0-9a-f]{64} .+");
            assertThat(history.get(3)).matches("4 key_collation " + database.scriptDirectory()
                    + "/V4__key_collation.sql [0-9a-f]{64} .+");
            assertThat(history.get(4)).matches("5 family_index " + database.scriptDirectory()
                    + "/V5__family_index.sql [0-9a-f]{64} .+");

            assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);
            assertThat(JdbcSchema.migrate(ds, database)).isEqualTo(JdbcSchema.LATEST_VERSION);
            assertThat(history(ds)).isEqualTo(history);
        } finally {
            TestDatabases.close(ds);
        }
    }

    @Test
    @DisplayName("PostgreSQL: instances migrating at the same moment apply each version exactly once, and all succeed")
    void concurrentMigrations() throws Exception {
        HikariDataSource ds = TestDatabases.newPostgresDatabase();
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> versions = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                // each "instance" with its own pool, as separate processes would have
                versions.add(pool.submit(() -> {
                    try (HikariDataSource own = TestDatabases.pool(ds.getJdbcUrl(), "migrator", 2,
                            java.time.Duration.ofSeconds(5))) {
                        start.await();
                        return JdbcSchema.migrate(own);
                    }
                }));
            }
            start.countDown();
            for (Future<Integer> v : versions) {
                assertThat(v.get(60, TimeUnit.SECONDS)).isEqualTo(JdbcSchema.LATEST_VERSION);
            }
            assertThat(history(ds)).hasSize(JdbcSchema.LATEST_VERSION);
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM oauth2_token")).isZero();
        } finally {
            pool.shutdownNow();
            TestDatabases.close(ds);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("a database at version 1 is upgraded to the latest version, its rows kept")
    void upgradesFromVersion1(Database database) throws Exception {
        HikariDataSource ds = TestDatabases.newDatabase(database);
        try {
            // version 1 as an earlier release left it: its script applied and recorded, nothing later
            JdbcSchema.migrate(ds);
            TestDatabases.execute(ds, "ALTER TABLE oauth2_client DROP COLUMN metadata");
            TestDatabases.execute(ds, "DROP TABLE oauth2_ephemeral");
            asVersion4(ds, database);
            TestDatabases.execute(ds, "DELETE FROM " + JdbcSchema.HISTORY_TABLE + " WHERE version > 1");
            TestDatabases.execute(ds, "INSERT INTO oauth2_revoked_family (family_id, revoked_until) "
                    + "VALUES ('kept', CURRENT_TIMESTAMP)");
            assertThat(JdbcSchema.currentVersion(ds)).isOne();

            assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);

            assertThat(history(ds)).hasSize(JdbcSchema.LATEST_VERSION);
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM oauth2_ephemeral")).isZero();
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM oauth2_revoked_family")).isOne();
        } finally {
            TestDatabases.close(ds);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("a database at version 2 is upgraded to the latest version: its clients kept, read with empty metadata")
    void upgradesFromVersion2(Database database) throws Exception {
        HikariDataSource ds = TestDatabases.newDatabase(database);
        try {
            // version 2 as the previous release left it, with a client it registered
            JdbcSchema.migrate(ds);
            TestDatabases.execute(ds, "ALTER TABLE oauth2_client DROP COLUMN metadata");
            asVersion4(ds, database);
            TestDatabases.execute(ds, "DELETE FROM " + JdbcSchema.HISTORY_TABLE + " WHERE version > 2");
            TestDatabases.execute(ds, "INSERT INTO oauth2_client (client_id, secret_digest, redirect_uris, "
                    + "grant_types, response_types) VALUES ('abc', 'digest', '[\"https://app.example/cb\"]', "
                    + "'[\"authorization_code\"]', '[\"code\"]')");
            assertThat(JdbcSchema.currentVersion(ds)).isEqualTo(2);

            assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);

            assertThat(JdbcSchema.currentVersion(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);
            assertThat(history(ds)).hasSize(JdbcSchema.LATEST_VERSION);
            Client kept = new JdbcClientStore(ds).fetchByClientId("abc").orElseThrow();
            assertThat(kept.metadata()).isEmpty();
            assertThat(kept.secretDigest()).isEqualTo("digest");
            assertThat(kept.redirectUris()).containsExactly("https://app.example/cb");
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM oauth2_client WHERE metadata = '{}'")).isOne();
        } finally {
            TestDatabases.close(ds);
        }
    }

    @Test
    @DisplayName("a PostgreSQL database at version 3 is upgraded to the latest version: keys in the C collation, the refresh-token index partial, every row kept and found")
    void upgradesFromVersion3() throws Exception {
        HikariDataSource ds = TestDatabases.newDatabase(Database.POSTGRESQL);
        try {
            // version 3 as the previous release left it: keys in the database's collation, every
            // token in the refresh-token index; one token with a refresh token, one without
            JdbcSchema.migrate(ds);
            TestDatabases.execute(ds, "DROP INDEX oauth2_token_refresh_digest");
            for (String column : List.of("oauth2_token.token_digest", "oauth2_token.refresh_token_digest",
                    "oauth2_token.family_id", "oauth2_revoked_family.family_id", "oauth2_auth_code.code_digest",
                    "oauth2_ephemeral.record_key")) {
                String[] tc = column.split("\\.");
                TestDatabases.execute(ds, "ALTER TABLE " + tc[0] + " ALTER COLUMN " + tc[1] + " TYPE VARCHAR(255) "
                        + "COLLATE \"default\"");
            }
            TestDatabases.execute(ds, "CREATE UNIQUE INDEX oauth2_token_refresh_digest ON oauth2_token (refresh_token_digest)");
            asVersion4(ds, Database.POSTGRESQL);
            TestDatabases.execute(ds, "DELETE FROM " + JdbcSchema.HISTORY_TABLE + " WHERE version > 3");
            Instant now = Instant.parse("2030-01-02T03:04:05.123456Z");
            JdbcTokenStore store = new JdbcTokenStore(ds, Clock.fixed(now, ZoneOffset.UTC));
            AccessToken withRefresh = new AccessToken("access-1", "abc", "authorization_code", Map.of("sub", "alice"),
                    List.of("read"), now, now.plusSeconds(3600), "refresh-1", now.plusSeconds(7200), "family-1");
            AccessToken withoutRefresh = new AccessToken("access-2", "abc", "client_credentials", Map.of(),
                    List.of("read"), now, now.plusSeconds(3600), null, null, "family-2");
            store.saveToken(withRefresh);
            store.saveToken(withoutRefresh);
            assertThat(JdbcSchema.currentVersion(ds)).isEqualTo(3);

            assertThat(JdbcSchema.migrate(ds)).isEqualTo(JdbcSchema.LATEST_VERSION);

            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name IN "
                    + "('oauth2_token', 'oauth2_revoked_family', 'oauth2_auth_code', 'oauth2_ephemeral') AND "
                    + "column_name IN ('token_digest', 'refresh_token_digest', 'family_id', 'code_digest', 'record_key') "
                    + "AND collation_name = 'C'")).isEqualTo(6);
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = "
                    + "'oauth2_token_refresh_digest' AND indexdef LIKE '%UNIQUE%WHERE (refresh_token_digest IS NOT NULL)%'"))
                    .isOne();
            assertThat(store.fetchByToken("access-1")).contains(withRefresh);
            assertThat(store.fetchByRefreshToken("refresh-1")).contains(withRefresh);
            assertThat(store.fetchByToken("access-2")).contains(withoutRefresh);
            // a refresh token is still unique
            assertThatThrownBy(() -> store.saveToken(new AccessToken("access-3", "abc", "refresh_token", Map.of(),
                    List.of("read"), now, now.plusSeconds(3600), "refresh-1", now.plusSeconds(7200), "family-1")))
                    .isInstanceOf(JdbcStoreException.class);
        } finally {
            TestDatabases.close(ds);
        }
    }

    @Test
    @DisplayName("R15 a PostgreSQL database at version 4 is upgraded to version 5: the family index partial, every row kept, a family revoked whole")
    void upgradesFromVersion4() throws Exception {
        HikariDataSource ds = TestDatabases.newDatabase(Database.POSTGRESQL);
        try {
            // version 4 as the previous release left it: every token in the family index
            JdbcSchema.migrate(ds);
            asVersion4(ds, Database.POSTGRESQL);
            TestDatabases.execute(ds, "DELETE FROM " + JdbcSchema.HISTORY_TABLE + " WHERE version > 4");
            Instant now = Instant.parse("2030-01-02T03:04:05.123456Z");
            JdbcTokenStore store = new JdbcTokenStore(ds, Clock.fixed(now, ZoneOffset.UTC));
            // a family started by a password grant's first token (its family id is its digest), one
            // token that joined it by a refresh, and a client-credentials token on its own
            AccessToken first = new AccessToken("access-1", "abc", "password", Map.of("sub", "alice"), List.of("read"),
                    now, now.plusSeconds(3600), "refresh-1", now.plusSeconds(7200), "access-1");
            AccessToken joined = new AccessToken("access-2", "abc", "refresh_token", Map.of("sub", "alice"),
                    List.of("read"), now, now.plusSeconds(3600), "refresh-2", now.plusSeconds(7200), "access-1");
            AccessToken alone = new AccessToken("access-3", "abc", "client_credentials", Map.of(), List.of("read"),
                    now, now.plusSeconds(3600), null, null, "access-3");
            List.of(first, joined, alone).forEach(store::saveToken);
            assertThat(JdbcSchema.currentVersion(ds)).isEqualTo(4);

            assertThat(JdbcSchema.migrate(ds)).isEqualTo(5);

            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'oauth2_token_family'"))
                    .isZero();
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = "
                    + "'oauth2_token_joined_family' AND indexdef LIKE '%(family_id) WHERE%family_id%<>%token_digest%'"))
                    .isOne();
            for (AccessToken token : List.of(first, joined, alone)) {
                assertThat(store.fetchByToken(token.tokenDigest())).contains(token);
            }
            store.revokeFamily("access-1", now.plusSeconds(7200));
            assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM oauth2_token WHERE family_id = 'access-1'")).isZero();
            assertThat(store.fetchByToken("access-3")).contains(alone);
        } finally {
            TestDatabases.close(ds);
        }
    }

    /** Undoes version 5 on a database migrated to the latest version: the family index whole again. */
    private static void asVersion4(HikariDataSource ds, Database database) throws Exception {
        if (database == Database.POSTGRESQL) {
            TestDatabases.execute(ds, "DROP INDEX oauth2_token_joined_family");
            TestDatabases.execute(ds, "CREATE INDEX oauth2_token_family ON oauth2_token (family_id)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("a script that changed after it was applied fails the migration, as Flyway's validation would")
    void changedScriptIsRefused(Database database) throws Exception {
        HikariDataSource ds = TestDatabases.newDatabase(database);
        try {
            JdbcSchema.migrate(ds);
            TestDatabases.execute(ds, "UPDATE " + JdbcSchema.HISTORY_TABLE + " SET checksum = '" + "0".repeat(64)
                    + "' WHERE version = 1");
            assertThatThrownBy(() -> JdbcSchema.migrate(ds)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must not change");
        } finally {
            TestDatabases.close(ds);
        }
    }

    @Test
    @DisplayName("PostgreSQL and H2 get the same tables, columns and indexes")
    void sameSchemaEverywhere() throws Exception {
        HikariDataSource postgres = TestDatabases.newPostgresDatabase();
        HikariDataSource h2 = TestDatabases.newH2Database();
        try {
            JdbcSchema.migrate(postgres);
            JdbcSchema.migrate(h2);
            assertThat(columns(h2)).isEqualTo(columns(postgres));
            assertThat(indexes(h2)).isEqualTo(indexes(postgres));
        } finally {
            TestDatabases.close(postgres);
            TestDatabases.close(h2);
        }
    }

    @Test
    @DisplayName("every lookup and every purge has an index: digests, refresh digest, family id, expiries, client id, record keys")
    void everyLookupIsIndexed() throws Exception {
        HikariDataSource ds = TestDatabases.newPostgresDatabase();
        try {
            JdbcSchema.migrate(ds);
            assertThat(indexes(ds)).contains(
                    "oauth2_token(token_digest) unique",
                    "oauth2_token(refresh_token_digest) unique",
                    "oauth2_token(family_id)",
                    "oauth2_token(usable_until)",
                    "oauth2_auth_code(code_digest) unique",
                    "oauth2_auth_code(expires_at)",
                    "oauth2_revoked_family(family_id) unique",
                    "oauth2_revoked_family(revoked_until)",
                    "oauth2_client(client_id) unique",
                    "oauth2_ephemeral(kind,record_key) unique",
                    "oauth2_ephemeral(expires_at)");
        } finally {
            TestDatabases.close(ds);
        }
    }

    @Test
    @DisplayName("the scripts ship in the jar under Flyway's names, for every version and database")
    void shippedScripts() {
        for (Database database : Database.values()) {
            for (int v = 1; v <= JdbcSchema.LATEST_VERSION; v++) {
                assertThat(JdbcSchema.scriptPath(database, v)).startsWith(database.scriptDirectory() + "/V" + v + "__")
                        .endsWith(".sql");
                assertThat(JdbcSchema.script(database, v)).contains("schema version " + v);
            }
            assertThat(JdbcSchema.script(database, 1)).contains("CREATE TABLE oauth2_token");
            assertThat(JdbcSchema.script(database, 2)).contains("CREATE TABLE oauth2_ephemeral");
            assertThat(JdbcSchema.script(database, 3)).contains("ALTER TABLE oauth2_client ADD COLUMN metadata");
        }
        assertThat(JdbcSchema.script(Database.POSTGRESQL, 4)).contains("ALTER TABLE oauth2_token ALTER COLUMN token_digest "
                + "TYPE VARCHAR(128) COLLATE \"C\"");
        // nothing to change on H2: comments only, recorded all the same
        assertThat(JdbcSchema.statements(JdbcSchema.script(Database.H2, 4))).isEmpty();
        assertThat(JdbcSchema.scriptPath(Database.POSTGRESQL, 1)).isEqualTo("db/postgresql/V1__oauth2kit.sql");
        assertThat(JdbcSchema.scriptPath(Database.H2, 2)).isEqualTo("db/h2/V2__ephemeral.sql");
        assertThat(JdbcSchema.scriptPath(Database.POSTGRESQL, 3)).isEqualTo("db/postgresql/V3__client_metadata.sql");
        assertThatThrownBy(() -> JdbcSchema.script(Database.H2, JdbcSchema.LATEST_VERSION + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("scripts are split at semicolons once comments are gone, so a semicolon in a comment is harmless")
    void statementsOfAScript() {
        assertThat(JdbcSchema.statements("-- a comment; with a semicolon\nCREATE TABLE a (\n  x INT -- why; because\n);\n"
                + "\r\nCREATE INDEX b ON a (x);\n-- trailing\n"))
                .containsExactly("CREATE TABLE a ( x INT )", "CREATE INDEX b ON a (x)");
    }

    @Test
    @DisplayName("a database without scripts is named in a clear error")
    void unknownDatabase() {
        assertThat(Database.ofProductName("PostgreSQL")).isEqualTo(Database.POSTGRESQL);
        assertThat(Database.ofProductName("H2")).isEqualTo(Database.H2);
        assertThatThrownBy(() -> Database.ofProductName("MySQL")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MySQL").hasMessageContaining("PostgreSQL and H2");
    }

    private static List<String> history(DataSource ds) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, description, script, checksum, installed_on FROM "
                        + JdbcSchema.HISTORY_TABLE + " ORDER BY version")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " "
                        + rs.getString(5));
            }
        }
        return rows;
    }

    /**
     * Table to its columns, each as name and nullability. (Not the JDBC types: the drivers name the
     * same SQL type differently, e.g. BOOLEAN is BIT for PostgreSQL's.)
     */
    private static TreeMap<String, Set<String>> columns(DataSource ds) throws SQLException {
        TreeMap<String, Set<String>> tables = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String table : TestDatabases.TABLES) {
                Set<String> columns = new TreeSet<>();
                try (ResultSet rs = meta.getColumns(null, c.getSchema(), name(meta, table), null)) {
                    while (rs.next()) {
                        columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT)
                                + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " not null" : ""));
                    }
                }
                tables.put(table, columns);
            }
        }
        return tables;
    }

    /** Every index as {@code table(columns)}, with " unique" when it is. */
    private static Set<String> indexes(DataSource ds) throws SQLException {
        Set<String> indexes = new TreeSet<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String table : TestDatabases.TABLES) {
                TreeMap<String, StringBuilder> columnsByIndex = new TreeMap<>();
                TreeMap<String, Boolean> unique = new TreeMap<>();
                try (ResultSet rs = meta.getIndexInfo(null, c.getSchema(), name(meta, table), false, false)) {
                    while (rs.next()) {
                        String index = rs.getString("INDEX_NAME");
                        if (index == null) {
                            continue;
                        }
                        StringBuilder cols = columnsByIndex.computeIfAbsent(index, k -> new StringBuilder());
                        cols.append(cols.length() > 0 ? "," : "").append(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        unique.put(index, !rs.getBoolean("NON_UNIQUE"));
                    }
                }
                columnsByIndex.forEach((index, cols) -> indexes.add(table + "(" + cols + ")"
                        + (unique.get(index) ? " unique" : "")));
            }
        }
        return indexes;
    }

    private static String name(DatabaseMetaData meta, String table) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }
}
