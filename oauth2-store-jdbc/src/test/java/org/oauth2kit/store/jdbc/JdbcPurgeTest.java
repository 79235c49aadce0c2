package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.DisplayName;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.store.jdbc.JdbcSchema.Database;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Sha256;

/** {@link JdbcTokenStore#purgeExpired()}: dead rows go, every row a read could still use stays. */
class JdbcPurgeTest {
    private final MutableClock clock = new MutableClock();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R30 purging deletes tokens past their last use, expired codes, ended revocations and expired records, and nothing else")
    void purgesWhatIsDead(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            Instant start = clock.instant();
            AccessToken accessOnly = token("a", "family-1", Duration.ofHours(1), null);
            AccessToken withRefresh = token("b", "family-2", Duration.ofHours(1), Duration.ofDays(1));
            AccessToken retired = token("c", "family-3", Duration.ofHours(1), Duration.ofDays(1));
            AccessToken revoked = token("d", "family-4", Duration.ofHours(1), Duration.ofDays(1));
            List.of(accessOnly, withRefresh, retired, revoked).forEach(store::saveToken);
            assertThat(store.redeemRefreshToken(retired.refreshTokenDigest()).outcome())
                    .isEqualTo(Redemption.Outcome.REDEEMED);
            store.revokeFamily("family-4", start.plus(Duration.ofDays(30)));
            AuthorizationCode fresh = code("fresh");
            AuthorizationCode used = code("used");
            store.saveCode(fresh);
            store.saveCode(used);
            assertThat(store.redeemCode(used.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
            String pushed = Sha256.of("pushed request");
            String device = Sha256.of("device code");
            assertThat(store.add("par", pushed, "request", start.plusSeconds(60))).isTrue();
            assertThat(store.add("device_code", device, "pending", start.plus(Duration.ofMinutes(90)))).isTrue();

            assertThat(store.purgeExpired()).isEqualTo(new JdbcTokenStore.Purged(0, 0, 0, 0));

            clock.advance(Duration.ofSeconds(60)); // the codes' and the pushed request's expiry, to the instant
            assertThat(store.purgeExpired()).isEqualTo(new JdbcTokenStore.Purged(0, 2, 0, 1));
            assertThat(store.get("device_code", device)).contains("pending");

            clock.advance(Duration.ofHours(2));
            assertThat(store.purgeExpired()).isEqualTo(new JdbcTokenStore.Purged(1, 0, 0, 1));
            assertThat(rows(db, "oauth2_token")).isEqualTo(2);
            // a retired refresh token is still recognised as used while it would have lived (R25)
            assertThat(store.redeemRefreshToken(retired.refreshTokenDigest()).outcome())
                    .isEqualTo(Redemption.Outcome.ALREADY_REDEEMED);
            assertThat(store.fetchByRefreshToken(withRefresh.refreshTokenDigest())).contains(withRefresh);

            clock.advance(Duration.ofDays(1));
            assertThat(store.purgeExpired()).isEqualTo(new JdbcTokenStore.Purged(2, 0, 0, 0));
            assertThat(store.redeemRefreshToken(retired.refreshTokenDigest()).outcome())
                    .isEqualTo(Redemption.Outcome.NOT_FOUND);

            // the revocation is kept until the instant it was asked to be remembered until
            clock.set(start.plus(Duration.ofDays(30)).minusSeconds(1));
            assertThat(store.purgeExpired()).isEqualTo(new JdbcTokenStore.Purged(0, 0, 0, 0));
            clock.advance(Duration.ofSeconds(1));
            assertThat(store.purgeExpired()).isEqualTo(new JdbcTokenStore.Purged(0, 0, 1, 0));
            assertThat(TestDatabases.dump(db.dataSource())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("purging works through any number of rows in batches, leaving the live ones")
    void purgesInBatches(Database database) throws SQLException {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            int expired = JdbcTokenStore.PURGE_BATCH * 2 + 17;
            insertTokens(db, expired, clock.instant().minusSeconds(1));
            insertTokens(db, 5, clock.instant().plusSeconds(3600));
            insertRecords(db, expired, clock.instant().minusSeconds(1));
            insertRecords(db, 5, clock.instant().plusSeconds(3600));

            JdbcTokenStore.Purged purged = store.purgeExpired();
            assertThat(purged.tokens()).isEqualTo(expired);
            assertThat(purged.ephemeral()).isEqualTo(expired);
            assertThat(rows(db, "oauth2_token")).isEqualTo(5);
            assertThat(rows(db, "oauth2_ephemeral")).isEqualTo(5);
            assertThat(store.purgeExpired().total()).isZero();
        }
    }

    /** Rows as {@code saveToken} writes them, many at once. */
    private static void insertTokens(TestDatabases.Migrated db, int count, Instant usableUntil) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO oauth2_token (token_digest, client_id, grant_type, "
                        + "user_data, scopes, issued_at, expires_at, family_id, usable_until) "
                        + "VALUES (?, 'abc', 'client_credentials', '{}', '[\"read\"]', ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                String digest = Sha256.of(usableUntil + "/" + i);
                s.setString(1, digest);
                Jdbc.setInstant(s, 2, usableUntil.minusSeconds(3600));
                Jdbc.setInstant(s, 3, usableUntil);
                s.setString(4, digest);
                Jdbc.setInstant(s, 5, usableUntil);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Rows as {@code add} writes them, many at once. */
    private static void insertRecords(TestDatabases.Migrated db, int count, Instant expiresAt) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO oauth2_ephemeral (kind, record_key, record_value, "
                        + "expires_at) VALUES ('dpop_jti', ?, 'seen', ?)")) {
            for (int i = 0; i < count; i++) {
                s.setString(1, Sha256.of(expiresAt + "/" + i));
                Jdbc.setInstant(s, 2, expiresAt);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static long rows(TestDatabases.Migrated db, String table) {
        return TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM " + table);
    }

    private AccessToken token(String name, String family, Duration access, Duration refresh) {
        Instant now = clock.instant();
        return new AccessToken(Sha256.of("access-" + name), "abc", "authorization_code", Map.of("sub", "alice"),
                List.of("read"), now, now.plus(access), refresh == null ? null : Sha256.of("refresh-" + name),
                refresh == null ? null : now.plus(refresh), family);
    }

    private AuthorizationCode code(String name) {
        Instant now = clock.instant();
        return new AuthorizationCode(Sha256.of("code-" + name), "abc", "http://localhost:8081/callback",
                List.of("read"), Map.of("sub", "alice"), null, null, now, now.plusSeconds(60));
    }
}
