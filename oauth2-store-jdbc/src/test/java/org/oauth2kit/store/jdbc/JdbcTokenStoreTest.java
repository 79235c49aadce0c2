package org.oauth2kit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.store.jdbc.JdbcSchema.Database;
import org.oauth2kit.testkit.MutableClock;
import org.oauth2kit.testkit.Races;
import org.oauth2kit.testkit.Sha256;
import org.oauth2kit.token.SecureRandomTokenGenerator;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** What the contracts do not show: rows, several instances, timeouts and failures. */
class JdbcTokenStoreTest {
    private static final SecureRandomTokenGenerator RANDOM = new SecureRandomTokenGenerator();

    private final MutableClock clock = new MutableClock();

    @Test
    @DisplayName("R14 R26 two store instances on pools of their own, as two processes: every code and refresh token is redeemed exactly once")
    void racesAcrossInstances() throws Exception {
        HikariDataSource first = TestDatabases.emptiedContractDatabase();
        try (HikariDataSource second = TestDatabases.pool(first.getJdbcUrl(), "second", 16, Duration.ofSeconds(5))) {
            JdbcTokenStore one = JdbcStores.create(first, clock).tokens();
            JdbcTokenStore two = JdbcStores.create(second, clock).tokens();
            List<String> codes = new ArrayList<>();
            List<String> refreshTokens = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                AuthorizationCode code = code();
                (i % 2 == 0 ? one : two).saveCode(code);
                codes.add(code.codeDigest());
                AccessToken token = token("family-" + i, true);
                (i % 2 == 0 ? two : one).saveToken(token);
                refreshTokens.add(token.refreshTokenDigest());
            }
            Map<String, AtomicInteger> codeWins = Races.race(codes,
                    List.<Function<String, Redemption.Outcome>>of(d -> one.redeemCode(d).outcome(),
                            d -> two.redeemCode(d).outcome()), 8);
            Map<String, AtomicInteger> refreshWins = Races.race(refreshTokens,
                    List.<Function<String, Redemption.Outcome>>of(d -> one.redeemRefreshToken(d).outcome(),
                            d -> two.redeemRefreshToken(d).outcome()), 8);
            assertThat(codeWins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
            assertThat(refreshWins.values()).allSatisfy(w -> assertThat(w.get()).isEqualTo(1));
        }
    }

    @Test
    @DisplayName("R26 R25 the winner of a refresh stays the winner when replays revoke the family at the same moment")
    void winnerSurvivesConcurrentRevocation() throws Exception {
        JdbcTokenStore store = JdbcStores.create(TestDatabases.emptiedContractDatabase(), clock).tokens();
        int threads = 16;
        for (int round = 0; round < 20; round++) {
            AccessToken token = token("family-" + round, true);
            store.saveToken(token);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Redemption.Outcome>> outcomes = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    outcomes.add(pool.submit(() -> {
                        start.await();
                        Redemption<AccessToken> r = store.redeemRefreshToken(token.refreshTokenDigest());
                        if (r.outcome() == Redemption.Outcome.ALREADY_REDEEMED) {
                            // what the core does on reuse (R25)
                            store.revokeFamily(r.value().familyId(), clock.instant().plus(Duration.ofDays(1)));
                        }
                        return r.outcome();
                    }));
                }
                start.countDown();
                int won = 0;
                for (Future<Redemption.Outcome> o : outcomes) {
                    won += o.get(60, TimeUnit.SECONDS) == Redemption.Outcome.REDEEMED ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R15 revoking a family deletes its rows by family id, keeps the later end of two revocations, and ends when it should")
    void familyRevocation(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            AccessToken a = token("family-a", true);
            AccessToken b = token("family-a", false);
            AccessToken other = token("family-b", true);
            List.of(a, b, other).forEach(store::saveToken);

            Instant later = clock.instant().plus(Duration.ofDays(10));
            store.revokeFamily("family-a", later);
            store.revokeFamily("family-a", clock.instant().plus(Duration.ofDays(5)));

            assertThat(TestDatabases.count(db.dataSource(),
                    "SELECT COUNT(*) FROM oauth2_token WHERE family_id = 'family-a'")).isZero();
            assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_token")).isEqualTo(1);
            assertThat(revokedUntil(db.dataSource(), "family-a")).isEqualTo(later);

            // a token of the family saved afterwards is refused until the revocation ends, then found
            AccessToken late = token("family-a", true);
            store.saveToken(late);
            assertThat(store.fetchByToken(late.tokenDigest())).isEmpty();
            assertThat(store.redeemRefreshToken(late.refreshTokenDigest()).outcome())
                    .isEqualTo(Redemption.Outcome.NOT_FOUND);
            clock.set(later.minusSeconds(1));
            assertThat(store.fetchByRefreshToken(late.refreshTokenDigest())).isEmpty();
            clock.set(later);
            assertThat(store.fetchByToken(late.tokenDigest())).contains(late);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R15 a family started by a token whose family id is its own digest (client credentials, password grant): revoking it deletes that token and those that joined it, and no other")
    void familyStartedByItsFirstToken(Database database) throws Exception {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            String first = Sha256.of(RANDOM.generate());
            Instant now = clock.instant();
            AccessToken starter = new AccessToken(first, "abc", "password", Map.of("sub", "alice"), List.of("read"),
                    now, now.plusSeconds(3600), Sha256.of(RANDOM.generate()), now.plusSeconds(86400), first);
            AccessToken joined = token(first, true);
            AccessToken joinedLater = token(first, false);
            AccessToken alone = token("family-z", false);
            String other = Sha256.of(RANDOM.generate());
            AccessToken otherStarter = new AccessToken(other, "abc", "client_credentials", Map.of(), List.of("read"),
                    now, now.plusSeconds(3600), null, null, other);
            for (AccessToken t : List.of(starter, joined, joinedLater, alone, otherStarter)) {
                store.saveToken(t);
            }

            store.revokeFamily(first, now.plus(Duration.ofDays(2)));

            assertThat(TestDatabases.count(db.dataSource(),
                    "SELECT COUNT(*) FROM oauth2_token WHERE family_id = '" + first + "'")).isZero();
            assertThat(store.fetchByToken(alone.tokenDigest())).contains(alone);
            assertThat(store.fetchByToken(otherStarter.tokenDigest())).contains(otherStarter);
            assertThat(TestDatabases.count(db.dataSource(), "SELECT COUNT(*) FROM oauth2_token")).isEqualTo(2);

            if (database == Database.POSTGRESQL) {
                // the partial family index and the primary key, both: no row of the table is read to find them
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    // the plan for any family id, with the table's scan ruled out unless nothing else can serve
                    s.execute("SET plan_cache_mode = force_generic_plan");
                    s.execute("SET enable_seqscan = off");
                    s.execute("PREPARE revoke_family(varchar, varchar, varchar) AS "
                            + JdbcTokenStore.DELETE_FAMILY.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2")
                            .replaceFirst("\\?", "\\$3"));
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE revoke_family('f', 'f', 'f')")) {
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append('\n');
                        }
                    }
                    s.execute("DISCARD ALL"); // the connection goes back to a pool
                    assertThat(plan.toString()).doesNotContain("Seq Scan")
                            .contains("oauth2_token_joined_family").contains("oauth2_token_pk");
                }
            }
        }
    }

    @Test
    @DisplayName("R15 many replays revoking one family at once: all succeed, one revocation is kept with the latest end")
    void concurrentRevocations() throws Exception {
        HikariDataSource ds = TestDatabases.emptiedContractDatabase();
        JdbcTokenStore store = JdbcStores.create(ds, clock).tokens();
        int threads = 16;
        for (int round = 0; round < 10; round++) {
            String family = "family-" + round;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Instant until = clock.instant().plus(Duration.ofDays(1)).plusSeconds(i);
                    done.add(pool.submit(() -> {
                        start.await();
                        store.revokeFamily(family, until);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(revokedUntil(ds, family))
                    .isEqualTo(clock.instant().plus(Duration.ofDays(1)).plusSeconds(threads - 1));
        }
        assertThat(TestDatabases.count(ds, "SELECT COUNT(*) FROM oauth2_revoked_family")).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("R32 revoking an access token leaves the refresh token issued with it usable")
    void deleteTokenKeepsRefresh(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            AccessToken token = token("f", true);
            store.saveToken(token);
            store.deleteToken(token.tokenDigest());
            assertThat(store.fetchByToken(token.tokenDigest())).isEmpty();
            assertThat(store.fetchByRefreshToken(token.refreshTokenDigest())).contains(token);
            assertThat(store.redeemRefreshToken(token.refreshTokenDigest()))
                    .isEqualTo(Redemption.redeemed(token));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("records round-trip exactly: user data and scopes with quotes, backslashes, control and non-ASCII characters; instants to the microsecond")
    void roundTrip(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            Map<String, String> data = new LinkedHashMap<>();
            data.put("sub", "alice");
            data.put("$odd.key \"quoted\"", "back\\slash / \n\t\r\b\f \u0001 end");
            data.put("名前", "Zoë 😀");
            data.put("", "nul \u0000 inside");
            Instant issued = Instant.parse("2030-01-02T03:04:05.123456789Z");
            AccessToken token = new AccessToken(Sha256.of(RANDOM.generate()), "client \"x\"", "urn:ietf:params:grant",
                    data, List.of("read", "wr\"ite", "ü"), issued, issued.plusSeconds(3600), Sha256.of(RANDOM.generate()),
                    issued.plusSeconds(86400), "family");
            store.saveToken(token);
            AccessToken expected = new AccessToken(token.tokenDigest(), token.clientId(), token.grantType(), data,
                    token.scopes(), Instant.parse("2030-01-02T03:04:05.123456Z"),
                    Instant.parse("2030-01-02T04:04:05.123456Z"), token.refreshTokenDigest(),
                    Instant.parse("2030-01-03T03:04:05.123456Z"), "family");
            assertThat(store.fetchByToken(token.tokenDigest())).contains(expected);

            AuthorizationCode code = new AuthorizationCode(Sha256.of(RANDOM.generate()), "abc", null, List.of(),
                    Map.of(), null, null, issued, issued.plusSeconds(60));
            store.saveCode(code);
            assertThat(store.fetchByCode(code.codeDigest())).contains(new AuthorizationCode(code.codeDigest(), "abc",
                    null, List.of(), Map.of(), null, null, Instant.parse("2030-01-02T03:04:05.123456Z"),
                    Instant.parse("2030-01-02T03:05:05.123456Z")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("a bug is not an outage: saving one token twice is a JdbcStoreException (500), not a 503")
    void constraintViolationIsAPlainFailure(Database database) {
        try (TestDatabases.Migrated db = TestDatabases.migrated(database)) {
            JdbcTokenStore store = JdbcStores.create(db.dataSource(), clock).tokens();
            AccessToken token = token("f", true);
            store.saveToken(token);
            assertThatThrownBy(() -> store.saveToken(token)).isInstanceOf(JdbcStoreException.class)
                    .isNotInstanceOf(StoreUnavailableError.class)
                    .hasMessageStartingWith("save token failed")
                    .hasMessageNotContaining(token.tokenDigest())
                    .satisfies(e -> assertThat(((JdbcStoreException) e).sqlState()).isEqualTo("23505"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Database.class)
    @DisplayName("missing tables (the schema was never created) are a JdbcStoreException, not a 503")
    void missingTables(Database database) {
        HikariDataSource ds = TestDatabases.newDatabase(database);
        try {
            JdbcTokenStore store = JdbcStores.create(ds, clock).tokens();
            assertThatThrownBy(() -> store.fetchByToken(Sha256.of("x"))).isInstanceOf(JdbcStoreException.class)
                    .hasMessageStartingWith("fetch token failed");
        } finally {
            TestDatabases.close(ds);
        }
    }

    @Test
    @DisplayName("R36 a database nobody answers for: every operation fails with StoreUnavailableError within the pool's connection timeout")
    void unreachableDatabase() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none?user=postgres&connectTimeout=1");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1); // an application may start while its database is down
        config.setPoolName("unreachable");
        try (HikariDataSource ds = new HikariDataSource(config)) {
            JdbcStores stores = JdbcStores.builder(ds).clock(clock).retryAfter(Duration.ofSeconds(3)).build();
            JdbcTokenStore tokens = stores.tokens();
            AccessToken token = token("f", true);
            List<Runnable> operations = List.of(
                    () -> tokens.saveToken(token),
                    () -> tokens.fetchByToken(token.tokenDigest()),
                    () -> tokens.fetchByRefreshToken(token.refreshTokenDigest()),
                    () -> tokens.redeemRefreshToken(token.refreshTokenDigest()),
                    () -> tokens.deleteToken(token.tokenDigest()),
                    () -> tokens.revokeFamily("f", clock.instant().plusSeconds(60)),
                    () -> tokens.saveCode(code()),
                    () -> tokens.fetchByCode(Sha256.of("c")),
                    () -> tokens.redeemCode(Sha256.of("c")),
                    stores::purgeExpired,
                    () -> stores.clients().fetchByClientId("abc"),
                    () -> stores.clients().addClient("abc", "secret", List.of("https://app.example/cb")),
                    () -> stores.clients().removeClient("abc"),
                    () -> tokens.add("par", Sha256.of("r"), "v", clock.instant().plusSeconds(60)),
                    () -> tokens.get("par", Sha256.of("r")),
                    () -> tokens.replace("par", Sha256.of("r"), "v", "w"),
                    () -> tokens.take("par", Sha256.of("r")));
            for (Runnable operation : operations) {
                long start = System.nanoTime();
                assertThatThrownBy(operation::run).isInstanceOfSatisfying(StoreUnavailableError.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(e.getMessage()).startsWith("database unavailable (");
                });
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
            assertThatThrownBy(() -> JdbcSchema.migrate(ds, Database.POSTGRESQL))
                    .isInstanceOf(StoreUnavailableError.class);
        }
    }

    @Test
    @DisplayName("R36 a statement held up past the query timeout is cancelled and reported as unavailable; then it works again")
    void queryTimeout() throws Exception {
        HikariDataSource ds = TestDatabases.emptiedContractDatabase();
        JdbcTokenStore store = JdbcStores.builder(ds).clock(clock).queryTimeout(Duration.ofSeconds(1)).build().tokens();
        AuthorizationCode code = code();
        store.saveCode(code);
        try (Connection holder = ds.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT code_digest FROM oauth2_auth_code WHERE code_digest = ? FOR UPDATE")) {
                lock.setString(1, code.codeDigest());
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.redeemCode(code.codeDigest()))
                    .isInstanceOfSatisfying(StoreUnavailableError.class, e -> assertThat(e.getCause())
                            .isInstanceOfSatisfying(java.sql.SQLException.class,
                                    sql -> assertThat(sql.getSQLState()).isEqualTo("57014")));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            holder.rollback();
        }
        assertThat(store.redeemCode(code.codeDigest()).outcome()).isEqualTo(Redemption.Outcome.REDEEMED);
    }

    private static Instant revokedUntil(javax.sql.DataSource ds, String family) {
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT revoked_until FROM oauth2_revoked_family WHERE family_id = ?")) {
            s.setString(1, family);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a revocation of " + family).isTrue();
                return Jdbc.getInstant(rs, "revoked_until");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private AccessToken token(String family, boolean withRefresh) {
        Instant now = clock.instant();
        return new AccessToken(Sha256.of(RANDOM.generate()), "abc", "authorization_code", Map.of("sub", "alice"),
                List.of("read", "write"), now, now.plusSeconds(3600),
                withRefresh ? Sha256.of(RANDOM.generate()) : null, withRefresh ? now.plusSeconds(86400) : null,
                family);
    }

    private AuthorizationCode code() {
        Instant now = clock.instant();
        return new AuthorizationCode(Sha256.of(RANDOM.generate()), "abc", "http://localhost:8081/callback",
                List.of("read"), Map.of("sub", "alice"), null, null, now, now.plusSeconds(60));
    }
}
