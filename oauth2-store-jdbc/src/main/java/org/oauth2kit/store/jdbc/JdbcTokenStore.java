package org.oauth2kit.store.jdbc;

import static org.oauth2kit.store.jdbc.Jdbc.getInstant;
import static org.oauth2kit.store.jdbc.Jdbc.setInstant;
import static org.oauth2kit.store.jdbc.Jdbc.setNullableString;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReferenceArray;

import javax.sql.DataSource;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;

/**
 * Access tokens, refresh tokens, authorization codes and the short-lived records of extensions,
 * looked up by digest (R29):
 * <ul>
 * <li>{@code oauth2_token}: one row per issued {@link AccessToken}, found by its access-token
 *     digest (the primary key) or its refresh-token digest (a unique index).
 *     {@code access_revoked} is set by {@link #deleteToken} (the refresh token stays usable),
 *     {@code refresh_retired} by {@link #redeemRefreshToken};</li>
 * <li>{@code oauth2_auth_code}: one row per code, {@code redeemed} set by {@link #redeemCode};</li>
 * <li>{@code oauth2_revoked_family}: one row per revoked family, until {@code revoked_until}.
 *     Every read and every redemption of a token checks it with {@code NOT EXISTS} on its primary
 *     key, so tokens of the family saved after the revocation are never returned;</li>
 * <li>{@code oauth2_ephemeral}: one row per {@link EphemeralStore} record (device codes, pushed
 *     authorization requests, DPoP proofs), by kind and key, until {@code expires_at}.</li>
 * </ul>
 *
 * <p>Redeeming a code or retiring a refresh token is one conditional {@code UPDATE ... SET
 * redeemed = TRUE WHERE digest = ? AND redeemed = FALSE}: the database lets exactly one of any
 * number of concurrent transactions, from any number of processes, change the row (R14, R26); the
 * one whose update counted a row won. Every caller then reads the row in the same transaction:
 * the winner's update locks it until commit, so nothing can delete it in between. The
 * {@link EphemeralStore} operations are single statements too (see {@link #add}, {@link #replace},
 * {@link #take}).
 *
 * <p>Expiry is checked by the core on every read (R30); {@link #purgeExpired()} deletes the rows
 * no read can use any more. The tables come from {@link JdbcSchema}. Thread-safe: every operation
 * takes a connection from the {@link DataSource} and gives it back.
 */
public final class JdbcTokenStore implements AccessTokenStore, AuthCodeStore, EphemeralStore {
    private static final String TOKEN_COLUMNS = "t.token_digest, t.client_id, t.grant_type, t.user_data, t.scopes, "
            + "t.issued_at, t.expires_at, t.refresh_token_digest, t.refresh_expires_at, t.family_id";
    private static final String FAMILY_NOT_REVOKED = "NOT EXISTS (SELECT 1 FROM oauth2_revoked_family f "
            + "WHERE f.family_id = t.family_id AND f.revoked_until > ?)";

    private static final String INSERT_TOKEN_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int TOKEN_INSERT_PARAMETERS = 11;
    private static final String INSERT_TOKEN_INTO = "INSERT INTO oauth2_token (token_digest, client_id, grant_type, "
            + "user_data, scopes, issued_at, expires_at, refresh_token_digest, refresh_expires_at, family_id, "
            + "usable_until) ";
    private static final String INSERT_TOKEN = INSERT_TOKEN_INTO + "VALUES " + INSERT_TOKEN_ROW;
    // The arrays are unnested in the select list, not in FROM: there PostgreSQL copies each array
    // into a tuple store of its own first (eleven per statement, whose memory the backend takes
    // from the system and gives back on every execution); in the select list they are read in step.
    private static final String INSERT_TOKENS_POSTGRES = INSERT_TOKEN_INTO + "SELECT unnest(?::varchar[]), "
            + "unnest(?::varchar[]), unnest(?::varchar[]), unnest(?::varchar[]), unnest(?::varchar[]), "
            + "unnest(?::varchar[]::timestamptz[]), unnest(?::varchar[]::timestamptz[]), unnest(?::varchar[]), "
            + "unnest(?::varchar[]::timestamptz[]), unnest(?::varchar[]), unnest(?::varchar[]::timestamptz[])";
    private static final String FETCH_BY_TOKEN = "SELECT " + TOKEN_COLUMNS + " FROM oauth2_token t "
            + "WHERE t.token_digest = ? AND t.access_revoked = FALSE AND " + FAMILY_NOT_REVOKED;
    private static final String FETCH_BY_REFRESH = "SELECT " + TOKEN_COLUMNS + " FROM oauth2_token t "
            + "WHERE t.refresh_token_digest = ? AND t.refresh_retired = FALSE AND " + FAMILY_NOT_REVOKED;
    private static final String RETIRE_REFRESH = "UPDATE oauth2_token SET refresh_retired = TRUE "
            + "WHERE refresh_token_digest = ? AND refresh_retired = FALSE AND NOT EXISTS (SELECT 1 "
            + "FROM oauth2_revoked_family f WHERE f.family_id = oauth2_token.family_id AND f.revoked_until > ?)";
    private static final String READ_RETIRED = "SELECT " + TOKEN_COLUMNS + " FROM oauth2_token t "
            + "WHERE t.refresh_token_digest = ?";
    private static final String READ_REFRESH_STATE = "SELECT " + TOKEN_COLUMNS + ", t.refresh_retired "
            + "FROM oauth2_token t WHERE t.refresh_token_digest = ? AND " + FAMILY_NOT_REVOKED;
    private static final String REVOKE_ACCESS = "UPDATE oauth2_token SET access_revoked = TRUE WHERE token_digest = ?";
    private static final String EXTEND_TOMBSTONE = "UPDATE oauth2_revoked_family "
            + "SET revoked_until = GREATEST(revoked_until, ?) WHERE family_id = ?";
    private static final String INSERT_TOMBSTONE = "INSERT INTO oauth2_revoked_family (family_id, revoked_until) "
            + "VALUES (?, ?)";
    // family_id = ?, written so that each part has an index: the rows that joined the family are in
    // the partial family index (schema version 5), the token that started it is found by its digest.
    static final String DELETE_FAMILY = "DELETE FROM oauth2_token WHERE family_id = ? AND "
            + "family_id <> token_digest OR token_digest = ? AND family_id = ?";

    private static final String CODE_COLUMNS = "code_digest, client_id, redirect_uri, scopes, user_data, "
            + "code_challenge, code_challenge_method, issued_at, expires_at";
    private static final String INSERT_CODE = "INSERT INTO oauth2_auth_code (" + CODE_COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FETCH_CODE = "SELECT " + CODE_COLUMNS + " FROM oauth2_auth_code "
            + "WHERE code_digest = ? AND redeemed = FALSE";
    private static final String REDEEM_CODE = "UPDATE oauth2_auth_code SET redeemed = TRUE "
            + "WHERE code_digest = ? AND redeemed = FALSE";
    private static final String READ_CODE_STATE = "SELECT " + CODE_COLUMNS + ", redeemed FROM oauth2_auth_code "
            + "WHERE code_digest = ?";

    /** Rows deleted per statement by {@link #purgeExpired()}, so that no purge holds many locks for long. */
    static final int PURGE_BATCH = 1000;
    private static final String PURGE_TOKENS = "DELETE FROM oauth2_token WHERE token_digest IN (SELECT token_digest "
            + "FROM oauth2_token WHERE usable_until <= ? FETCH FIRST " + PURGE_BATCH + " ROWS ONLY)";
    private static final String PURGE_CODES = "DELETE FROM oauth2_auth_code WHERE code_digest IN (SELECT code_digest "
            + "FROM oauth2_auth_code WHERE expires_at <= ? FETCH FIRST " + PURGE_BATCH + " ROWS ONLY)";
    private static final String PURGE_FAMILIES = "DELETE FROM oauth2_revoked_family WHERE family_id IN (SELECT "
            + "family_id FROM oauth2_revoked_family WHERE revoked_until <= ? FETCH FIRST " + PURGE_BATCH
            + " ROWS ONLY)";

    /**
     * The most tokens one statement inserts: enough to absorb every request a busy server has in
     * flight, few enough that a batch never holds its locks for long.
     */
    static final int MAX_TOKENS_PER_BATCH = 64;
    private static final AtomicReferenceArray<String> INSERT_TOKENS_SQL = new AtomicReferenceArray<>(
            MAX_TOKENS_PER_BATCH + 1);

    /** How often a redemption looks again at a row that changed under it (see {@link #redeemRefreshToken}). */
    private static final int REDEEM_ATTEMPTS = 3;

    private final Jdbc jdbc;
    private final Clock clock;
    private final EphemeralRecords ephemeral;
    private final GroupCommit<AccessToken> tokenInserts;

    /**
     * Tokens and codes in the database behind {@code dataSource}, with the default query timeout
     * (5 s); family revocations are remembered by the system clock.
     */
    public JdbcTokenStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * Tokens and codes in the database behind {@code dataSource}, with the default query timeout (5 s).
     *
     * @param clock decides when a family revocation has been remembered long enough, when a
     *              short-lived record has expired and what {@link #purgeExpired()} deletes; pass the
     *              Provider's clock
     */
    public JdbcTokenStore(DataSource dataSource, Clock clock) {
        this(new Jdbc(dataSource, Jdbc.DEFAULT_QUERY_TIMEOUT, Jdbc.DEFAULT_RETRY_AFTER), clock);
    }

    JdbcTokenStore(Jdbc jdbc, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ephemeral = new EphemeralRecords(jdbc, clock);
        this.tokenInserts = new GroupCommit<>(jdbc, "save token", MAX_TOKENS_PER_BATCH, this::insertTokens);
    }

    // ---- access and refresh tokens ----

    @Override
    public void saveToken(AccessToken token) {
        Objects.requireNonNull(token, "token");
        // When it returns, the row is committed and every later read sees it (R36); concurrent
        // saves share one statement (see GroupCommit).
        tokenInserts.insert(token);
    }

    /**
     * Queues the token and returns at once: the stage completes, on the store's writer thread, when
     * the row is committed, so that a token request waiting for it holds no thread meanwhile
     * ({@link org.oauth2kit.Provider#dispatchAsync}). Rows queued together are written with one
     * statement, as for {@link #saveToken}; a failure completes the stage exceptionally
     * ({@link org.oauth2kit.error.StoreUnavailableError} when the database cannot be reached).
     */
    @Override
    public CompletionStage<Void> saveTokenAsync(AccessToken token) {
        Objects.requireNonNull(token, "token");
        return tokenInserts.insertAsync(token);
    }

    /**
     * Inserts tokens with one statement, which is atomic on its own (no transaction to begin and
     * commit) and costs the database one execution, not one per row. On PostgreSQL several tokens
     * go as one array per column, unnested: the same statement text for any number of rows, so the
     * driver keeps it prepared and the database does not parse and plan it again for each size.
     * Elsewhere, one row of values per token.
     */
    void insertTokens(Connection c, List<AccessToken> tokens) throws SQLException {
        if (tokens.size() > 1 && jdbc.isPostgres(c)) {
            insertTokensAsArrays(c, tokens);
            return;
        }
        try (PreparedStatement s = jdbc.prepare(c, insertTokensSql(tokens.size()))) {
            int offset = 0;
            for (AccessToken token : tokens) {
                bindToken(s, offset, token);
                offset += TOKEN_INSERT_PARAMETERS;
            }
            s.executeUpdate();
        }
    }

    private void insertTokensAsArrays(Connection c, List<AccessToken> tokens) throws SQLException {
        int n = tokens.size();
        String[][] columns = new String[TOKEN_INSERT_PARAMETERS][n];
        for (int i = 0; i < n; i++) {
            AccessToken token = tokens.get(i);
            columns[0][i] = token.tokenDigest();
            columns[1][i] = token.clientId();
            columns[2][i] = token.grantType();
            columns[3][i] = Json.object(token.data());
            columns[4][i] = Json.array(token.scopes());
            columns[5][i] = timestampText(token.issuedAt());
            columns[6][i] = timestampText(token.expiresAt());
            columns[7][i] = token.refreshTokenDigest();
            columns[8][i] = timestampText(token.refreshExpiresAt());
            columns[9][i] = token.familyId();
            columns[10][i] = timestampText(token.usableUntil());
        }
        try (PreparedStatement s = jdbc.prepare(c, INSERT_TOKENS_POSTGRES)) {
            for (int column = 0; column < TOKEN_INSERT_PARAMETERS; column++) {
                s.setArray(column + 1, c.createArrayOf("varchar", columns[column]));
            }
            s.executeUpdate();
        }
    }

    /** An instant as PostgreSQL reads a timestamp with time zone, to the microsecond it keeps. */
    private static String timestampText(Instant instant) {
        return instant == null ? null : Jdbc.micros(instant).toString();
    }

    /** {@link #INSERT_TOKEN} with {@code rows} rows of values, made once per size. */
    private static String insertTokensSql(int rows) {
        String sql = INSERT_TOKENS_SQL.get(rows);
        if (sql == null) {
            StringBuilder b = new StringBuilder(INSERT_TOKEN);
            for (int i = 1; i < rows; i++) {
                b.append(", ").append(INSERT_TOKEN_ROW);
            }
            sql = b.toString();
            INSERT_TOKENS_SQL.set(rows, sql); // made again by a concurrent caller at worst
        }
        return sql;
    }

    private static void bindToken(PreparedStatement s, int offset, AccessToken token) throws SQLException {
        s.setString(offset + 1, token.tokenDigest());
        s.setString(offset + 2, token.clientId());
        s.setString(offset + 3, token.grantType());
        s.setString(offset + 4, Json.object(token.data()));
        s.setString(offset + 5, Json.array(token.scopes()));
        setInstant(s, offset + 6, token.issuedAt());
        setInstant(s, offset + 7, token.expiresAt());
        setNullableString(s, offset + 8, token.refreshTokenDigest());
        setInstant(s, offset + 9, token.refreshExpiresAt());
        s.setString(offset + 10, token.familyId());
        setInstant(s, offset + 11, token.usableUntil());
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        Instant now = clock.instant();
        return jdbc.autoCommit("fetch token", c -> jdbc.one(c, FETCH_BY_TOKEN, digestAt(tokenDigest, now),
                JdbcTokenStore::token));
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        Instant now = clock.instant();
        return jdbc.autoCommit("fetch refresh token", c -> jdbc.one(c, FETCH_BY_REFRESH,
                digestAt(refreshTokenDigest, now), JdbcTokenStore::token));
    }

    /**
     * Retires the refresh token with one conditional {@code UPDATE} that also requires the family
     * not to be revoked (R25, R26). The caller whose update changed the row won; it reads the row
     * while its transaction still holds the row's lock, so a revocation by a concurrent loser
     * (a replay) cannot take the win away. Every other caller reads the row as committed: retired
     * means {@code ALREADY_REDEEMED}, absent or revoked means {@code NOT_FOUND}. A row that is
     * neither (saved again, or a revocation that ended, between the two statements) is tried again.
     */
    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        Instant now = clock.instant();
        return jdbc.transaction("redeem refresh token", c -> {
            for (int attempt = 0; attempt < REDEEM_ATTEMPTS; attempt++) {
                if (jdbc.update(c, RETIRE_REFRESH, digestAt(refreshTokenDigest, now)) == 1) {
                    AccessToken won = jdbc.one(c, READ_RETIRED, s -> s.setString(1, refreshTokenDigest),
                            JdbcTokenStore::token).orElseThrow(() -> vanished("refresh token"));
                    return Redemption.redeemed(won);
                }
                Optional<Stated<AccessToken>> row = jdbc.one(c, READ_REFRESH_STATE,
                        digestAt(refreshTokenDigest, now),
                        rs -> new Stated<>(token(rs), rs.getBoolean("refresh_retired")));
                if (row.isEmpty()) {
                    return Redemption.<AccessToken>notFound();
                }
                if (row.get().used()) {
                    return Redemption.alreadyRedeemed(row.get().value());
                }
            }
            return Redemption.<AccessToken>notFound();
        });
    }

    /**
     * Revokes the access token only (RFC 7009): a refresh token issued with it stays usable, as
     * in every store. The row stays until {@link #purgeExpired()} removes it.
     */
    @Override
    public void deleteToken(String tokenDigest) {
        jdbc.autoCommit("delete token", c -> jdbc.update(c, REVOKE_ACCESS, s -> s.setString(1, tokenDigest)));
    }

    /**
     * Writes the family's tombstone (keeping the later end when the family was revoked before),
     * then deletes the family's rows by index, no scan: those that joined the family by the
     * partial {@code family_id} index, the token that started it (whose family id is its own
     * digest, so that most tokens need no entry in that index) by the primary key. The tombstone goes
     * first, so that should the delete fail, reads already refuse the family; it also refuses
     * tokens of the family saved afterwards, until {@code rememberUntil}.
     */
    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(rememberUntil, "rememberUntil");
        jdbc.upsert("revoke family", s -> {
            setInstant(s, 1, rememberUntil);
            s.setString(2, familyId);
        }, EXTEND_TOMBSTONE, s -> {
            s.setString(1, familyId);
            setInstant(s, 2, rememberUntil);
        }, INSERT_TOMBSTONE);
        jdbc.autoCommit("revoke family", c -> jdbc.update(c, DELETE_FAMILY, s -> {
            s.setString(1, familyId);
            s.setString(2, familyId);
            s.setString(3, familyId);
        }));
    }

    // ---- authorization codes ----

    @Override
    public void saveCode(AuthorizationCode code) {
        Objects.requireNonNull(code, "code");
        jdbc.autoCommit("save code", c -> jdbc.update(c, INSERT_CODE, s -> {
            s.setString(1, code.codeDigest());
            s.setString(2, code.clientId());
            setNullableString(s, 3, code.redirectUri());
            s.setString(4, Json.array(code.scopes()));
            s.setString(5, Json.object(code.data()));
            setNullableString(s, 6, code.codeChallenge());
            setNullableString(s, 7, code.codeChallengeMethod());
            setInstant(s, 8, code.issuedAt());
            setInstant(s, 9, code.expiresAt());
        }));
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        return jdbc.autoCommit("fetch code", c -> jdbc.one(c, FETCH_CODE, s -> s.setString(1, codeDigest),
                JdbcTokenStore::code));
    }

    /**
     * Redeems the code with one conditional {@code UPDATE} (R14): the caller whose update changed
     * the row won; everyone else reads it as committed and gets {@code ALREADY_REDEEMED} with the
     * code (R15) for as long as the row is kept, that is until the code would have expired.
     */
    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        return jdbc.transaction("redeem code", c -> {
            for (int attempt = 0; attempt < REDEEM_ATTEMPTS; attempt++) {
                boolean won = jdbc.update(c, REDEEM_CODE, s -> s.setString(1, codeDigest)) == 1;
                Optional<Stated<AuthorizationCode>> row = jdbc.one(c, READ_CODE_STATE, s -> s.setString(1, codeDigest),
                        rs -> new Stated<>(code(rs), rs.getBoolean("redeemed")));
                if (won) {
                    return Redemption.redeemed(row.orElseThrow(() -> vanished("code")).value());
                }
                if (row.isEmpty()) {
                    return Redemption.<AuthorizationCode>notFound();
                }
                if (row.get().used()) {
                    return Redemption.alreadyRedeemed(row.get().value());
                }
            }
            return Redemption.<AuthorizationCode>notFound();
        });
    }

    // ---- short-lived records ----

    /**
     * Stores the record unless a live one holds its kind and key; an expired row is overwritten.
     * On PostgreSQL one {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE expires_at <= now};
     * elsewhere an {@code INSERT} and, when the key is taken, one {@code UPDATE} of an expired row.
     * The row count decides.
     */
    @Override
    public boolean add(String kind, String key, String value, Instant expiresAt) {
        return ephemeral.add(kind, key, value, expiresAt);
    }

    @Override
    public Optional<String> get(String kind, String key) {
        return ephemeral.get(kind, key);
    }

    /** One conditional {@code UPDATE} of the value alone, on the live row holding {@code expected}. */
    @Override
    public boolean replace(String kind, String key, String expected, String value) {
        return ephemeral.replace(kind, key, expected, value);
    }

    /** One {@code DELETE} of the live row that returns its value ({@code RETURNING}, or H2's {@code OLD TABLE}). */
    @Override
    public Optional<String> take(String kind, String key) {
        return ephemeral.take(kind, key);
    }

    // ---- cleanup ----

    /**
     * How many rows {@link #purgeExpired()} deleted.
     *
     * @param tokens          token rows past their last use: the access token and the refresh token
     *                        (retired or not) both expired
     * @param codes           codes past their expiry, redeemed or not
     * @param revokedFamilies revocations past the instant they had to be remembered until
     * @param ephemeral       short-lived records past their expiry
     */
    public record Purged(long tokens, long codes, long revokedFamilies, long ephemeral) {
        public long total() {
            return tokens + codes + revokedFamilies + ephemeral;
        }
    }

    /**
     * Deletes every row that no read can use any more, as of this store's clock: tokens whose
     * access and refresh token have both expired ({@code usable_until}), expired codes,
     * revocations past their end, and expired short-lived records. Each table is purged by its
     * expiry index in batches of {@value #PURGE_BATCH} rows, each batch its own transaction, so
     * live traffic is never blocked for long. Safe to run at any time, from any number of
     * instances at once; schedule it every few minutes (see the module's README).
     *
     * @return how many rows were deleted
     */
    public Purged purgeExpired() {
        Instant now = clock.instant();
        return new Purged(purge("purge tokens", PURGE_TOKENS, now), purge("purge codes", PURGE_CODES, now),
                purge("purge revoked families", PURGE_FAMILIES, now),
                purge("purge records", EphemeralRecords.PURGE, now));
    }

    private long purge(String operation, String sql, Instant now) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.autoCommit(operation, c -> jdbc.update(c, sql, s -> setInstant(s, 1, now)));
            total += deleted;
        } while (deleted >= PURGE_BATCH);
        return total;
    }

    // ---- rows ----

    /** A row and whether it was used (redeemed, retired). */
    private record Stated<T>(T value, boolean used) {
    }

    /** Binds a digest and the instant against which revocations are checked. */
    private static Jdbc.Binder digestAt(String digest, Instant now) {
        return s -> {
            s.setString(1, digest);
            setInstant(s, 2, now);
        };
    }

    private static AccessToken token(ResultSet rs) throws SQLException {
        return new AccessToken(rs.getString("token_digest"), rs.getString("client_id"), rs.getString("grant_type"),
                Json.parseObject(rs.getString("user_data")), Json.parseArray(rs.getString("scopes")),
                getInstant(rs, "issued_at"), getInstant(rs, "expires_at"), rs.getString("refresh_token_digest"),
                getInstant(rs, "refresh_expires_at"), rs.getString("family_id"));
    }

    private static AuthorizationCode code(ResultSet rs) throws SQLException {
        return new AuthorizationCode(rs.getString("code_digest"), rs.getString("client_id"),
                rs.getString("redirect_uri"), Json.parseArray(rs.getString("scopes")),
                Json.parseObject(rs.getString("user_data")), rs.getString("code_challenge"),
                rs.getString("code_challenge_method"), getInstant(rs, "issued_at"), getInstant(rs, "expires_at"));
    }

    /** A row this transaction has just updated, and holds locked, cannot be missing. */
    private static IllegalStateException vanished(String what) {
        return new IllegalStateException("the " + what + " row updated by this transaction could not be read back");
    }
}
