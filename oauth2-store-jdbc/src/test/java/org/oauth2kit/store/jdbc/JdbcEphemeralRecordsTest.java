package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.sql.DataSource;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.store.jdbc.JdbcSchema.Database;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Races;
import org.oauth2kit.testkit.Sha256;

import com.zaxxer.hikari.HikariDataSource;

/** The rows of {@code oauth2_ephemeral}, on both databases: what the ephemeral-store contract does not show. */
class JdbcEphemeralRecordsTest {
    private final MutableClock clock = new MutableClock();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R56 an expired row not yet purged is absent for get, replace and take, and a new add overwrites it in place")
    void expiredRowIsOverwritten(Database database) throws SQLException {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            String key = Sha256.of("device code");
            assertThat(store.add("device_code", key, "old", clock.instant().plusSeconds(60))).isTrue();
            clock.advance(Duration.ofSeconds(60)); // the record's expiry, to the instant
            assertThat(row(db.dataSource(), "device_code", key)).isNotNull();
            assertThat(store.get("device_code", key)).isEmpty();
            assertThat(store.replace("device_code", key, "old", "changed")).isFalse();
            assertThat(store.take("device_code", key)).isEmpty();

            Instant expiresAt = clock.instant().plusSeconds(60);
            assertThat(store.add("device_code", key, "new", expiresAt)).isTrue();
            assertThat(store.add("device_code", key, "newer", expiresAt)).isFalse();
            assertThat(store.get("device_code", key)).contains("new");
            assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_ephemeral")).isOne();
            assertThat(row(db.dataSource(), "device_code", key)).isEqualTo(new Row("new", expiresAt));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R56 replace changes the value only: the record expires when it was going to")
    void replaceKeepsExpiry(Database database) throws SQLException {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            String key = Sha256.of("device code");
            Instant expiresAt = clock.instant().plusSeconds(60);
            store.add("device_code", key, "pending", expiresAt);
            assertThat(store.replace("device_code", key, "pending", "approved")).isTrue();
            assertThat(row(db.dataSource(), "device_code", key)).isEqualTo(new Row("approved", expiresAt));
            clock.advance(Duration.ofSeconds(60));
            assertThat(store.get("device_code", key)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R56 race: of many concurrent adds over expired rows, across two pools, exactly one per key succeeds")
    void addRaceOverExpiredRows(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database);
                HikariDataSource second = TestDatabases.pool(db.dataSource().getJdbcUrl(), "second", 16,
                        Duration.ofSeconds(10))) {
            JdbcTokenStore one = JdbcStores.create(db.dataSource(), clock).tokens();
            JdbcTokenStore two = JdbcStores.create(second, clock).tokens();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String key = Sha256.of("jti " + i);
                assertThat(one.add("dpop_jti", key, "old", clock.instant().plusSeconds(1))).isTrue();
                keys.add(key);
            }
            clock.advance(Duration.ofSeconds(1));
            Instant expiresAt = clock.instant().plusSeconds(60);
            Map<String, AtomicInteger> wins = Races.race(keys, List.<Function<String, Redemption.Outcome>>of(
                    k -> one.add("dpop_jti", k, "new", expiresAt) ? Redemption.Outcome.REDEEMED
                            : Redemption.Outcome.NOT_FOUND,
                    k -> two.add("dpop_jti", k, "new", expiresAt) ? Redemption.Outcome.REDEEMED
                            : Redemption.Outcome.NOT_FOUND), 8);
            wins.forEach((k, n) -> assertThat(n.get()).as("adds of " + k).isEqualTo(1));
            for (String key : keys) {
                assertThat(one.get("dpop_jti", key)).contains("new");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R56 NUL and backslashes are stored escaped and read back unchanged; a NUL and a written backslash-0 stay apart")
    void escapedValues(Database database) throws SQLException {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            String nul = "a\u0000b";
            String written = "a\\0b";
            String key = Sha256.of("escaped");
            store.add("par", key, nul, clock.instant().plusSeconds(60));
            assertThat(row(db.dataSource(), "par", key).value()).isEqualTo("a\\0b");
            assertThat(store.replace("par", key, written, "x")).isFalse();
            assertThat(store.replace("par", key, nul, written)).isTrue();
            assertThat(row(db.dataSource(), "par", key).value()).isEqualTo("a\\\\0b");
            assertThat(store.replace("par", key, nul, "x")).isFalse();
            assertThat(store.take("par", key)).contains(written);
            String plain = "{\"json\": [1, 2]} ü €";
            store.add("par", key, plain, clock.instant().plusSeconds(60));
            assertThat(row(db.dataSource(), "par", key).value()).isEqualTo(plain);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R56 the longest kind (32 characters) and key (128 characters) fit")
    void longestKindAndKey(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            String kind = "k".repeat(32);
            String key = "~".repeat(128);
            assertThat(store.add(kind, key, "v", clock.instant().plusSeconds(60))).isTrue();
            assertThat(store.take(kind, key)).contains("v");
        }
    }

    @Test
    @DisplayName("the value encoding is one-to-one and leaves ordinary text unchanged")
    void encoding() {
        for (String value : List.of("", "plain", "\u0000", "\\", "\\0", "\\\u0000", "\u0000\\", "a\\\\0\u0000\u00000b\\")) {
            assertThat(EphemeralRecords.decode(EphemeralRecords.encode(value))).isEqualTo(value);
        }
        assertThat(EphemeralRecords.encode("a=\"b\"&c\n")).isEqualTo("a=\"b\"&c\n");
        assertThat(EphemeralRecords.encode("\u0000")).isNotEqualTo(EphemeralRecords.encode("\\0"));
        assertThat(EphemeralRecords.encode("\\\u0000")).isEqualTo("\\\\\\0");
    }

    private record Row(String value, Instant expiresAt) {
    }

    private static Row row(DataSource ds, String kind, String key) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT record_value, expires_at FROM oauth2_ephemeral WHERE kind = ? AND record_key = ?")) {
            s.setString(1, kind);
            s.setString(2, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), Jdbc.getInstant(rs, "expires_at")) : null;
            }
        }
    }
}
