package org.oauth2kit.store.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.StoreKeys;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;

/**
 * Access tokens, refresh tokens and authorization codes in Redis, standalone or Redis Cluster,
 * through Lettuce. One store is both the {@code AccessTokenStore} and the {@code AuthCodeStore} of
 * a Provider; any number of application instances can share one Redis.
 *
 * <p>Keys are {@code <prefix>:<kind>:{<digest>}} with kind {@code access}, {@code refresh},
 * {@code code} or {@code family}; the braces are Redis Cluster's hash tag, so a key's slot depends
 * on the digest alone. Values are {@link Records}, which hold digests only (R29). Every key carries
 * a Redis expiry derived from its record (R30); the core still checks expiry on every read.
 *
 * <p><b>Redeem once (R14, R26).</b> Codes and refresh tokens are stored with a state byte,
 * {@code L}ive. Redeeming runs one Lua script on the one key: it returns the value as it was and, if
 * it was live, flips the state to {@code U}sed in place (the key keeps its expiry). Redis runs a
 * script atomically, so of any number of callers in any number of processes exactly one sees the
 * live value; the others get the used one, which is {@code ALREADY_REDEEMED} with the record.
 *
 * <p><b>Family revocation (R15, R25).</b> A revoked family is one tombstone key holding the instant
 * it is remembered until; every read of an access or refresh token looks it up, so tokens saved
 * into the family later are hidden too, and nothing is scanned.
 *
 * <p><b>Ephemeral records.</b> As an {@link EphemeralStore} it keeps each record as the plain value
 * at {@code <prefix>:ephemeral:<kind>:{<key>}}, with a Redis expiry: {@code add} is one
 * {@code SET NX PX}, {@code get} one {@code GET}, {@code replace} and {@code take} one Lua script
 * each on the one key ({@link #REPLACE}, {@link #TAKE}).
 *
 * <p><b>Outages (R36).</b> Every command waits at most the command timeout; when Redis cannot be
 * reached, refuses for a moment (loading, out of memory) or does not answer in time, the call
 * throws {@link StoreUnavailableError} with a short {@code Retry-After}. Commands are refused at
 * once while the connection is down, and the connection comes back by itself when Redis does.
 *
 * <p>Thread-safe: all threads share one connection, which pipelines their commands.
 */
public final class RedisTokenStore implements AccessTokenStore, AuthCodeStore, EphemeralStore, AutoCloseable {
    /** The default key prefix. */
    public static final String DEFAULT_PREFIX = "oauth2";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(3);

    private static final Pattern PREFIX = Pattern.compile("[\\x21-\\x7a\\x7c\\x7e]{1,100}");
        /** Added to every expiry, so Redis never drops an entry before the core considers it expired. */
    private static final long GRACE_MILLIS = 1000;
    private static final long MIN_TTL_MILLIS = 1000;
    private static final long MAX_TTL_MILLIS = Duration.ofDays(3660).toMillis();

    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";
    private static final String CODE = "code";
    private static final String FAMILY = "family";
    /**
     * Ephemeral records live under {@code ephemeral:<kind>}: a kind has no colon, so whatever an
     * extension calls its records, they never share a key with tokens, codes or tombstones.
     */
    private static final String EPHEMERAL = "ephemeral";
    private static final String SAVE_TOKEN = "save token";
    private static final Pattern KIND = Pattern.compile("[a-z0-9_]{1,32}");

    /**
     * Redeems a code or retires a refresh token: returns the value as it was, and marks it used
     * when it was live. The state is the record's first byte ({@code L} = 76); SETRANGE keeps the
     * key's expiry. An absent key is an explicit nil (over RESP3 a Lua {@code false} would come back
     * as a boolean). Touches one key only, so it runs on any node of a cluster.
     */
    static final LuaScript REDEEM = new LuaScript(String.join("\n",
            "local v = redis.call('GET', KEYS[1])",
            "if not v then",
            "  return nil",
            "end",
            "if string.byte(v, 1) == 76 then",
            "  redis.call('SETRANGE', KEYS[1], 0, 'U')",
            "end",
            "return v"));

    /**
     * Writes a family tombstone unless one that lasts longer is there: ARGV[1] is the instant it is
     * remembered until (epoch milliseconds), ARGV[2] the key's time to live in milliseconds.
     */
    static final LuaScript REVOKE = new LuaScript(String.join("\n",
            "local current = tonumber(redis.call('GET', KEYS[1]) or '')",
            "if current and current >= tonumber(ARGV[1]) then",
            "  return 0",
            "end",
            "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])",
            "return 1"));

    /**
     * Compare-and-set of an ephemeral record: ARGV[1] the expected value, ARGV[2] the new one.
     * {@code KEEPTTL} leaves the key's expiry as {@code add} set it. An absent key reads as
     * {@code false}, which equals no string, so a missing record is never created here.
     */
    static final LuaScript REPLACE = new LuaScript(String.join("\n",
            "if redis.call('GET', KEYS[1]) == ARGV[1] then",
            "  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')",
            "  return 1",
            "end",
            "return 0"));

    /**
     * Removes an ephemeral record and returns its value (GETDEL, which needs Redis 6.2, as a script
     * so Redis 6.0 still serves). An absent key is an explicit nil, as in {@link #REDEEM}.
     */
    static final LuaScript TAKE = new LuaScript(String.join("\n",
            "local v = redis.call('GET', KEYS[1])",
            "if not v then",
            "  return nil",
            "end",
            "redis.call('DEL', KEYS[1])",
            "return v"));

    private final Backend backend;
    private final String prefix;
    private final Clock clock;
    private final Duration commandTimeout;
    private final Duration retryAfter;

    /**
     * A store on the Redis at {@code uri} ({@code redis://host:6379}, {@code rediss://...} for TLS,
     * {@code redis-sentinel://...}, with password and database as Lettuce reads them), with the
     * default prefix and timeouts. The store creates the client and shuts it down in {@link #close()}.
     *
     * @param clock the Provider's clock
     */
    public RedisTokenStore(String uri, Clock clock) {
        this(builder().uri(uri).clock(clock));
    }

    /**
     * A store that opens its connection from an existing client, with the default prefix. The
     * caller keeps the client: {@link #close()} closes the store's connection only. Give the client
     * {@link #recommendedClientOptions(Duration)} (at least: commands rejected while disconnected).
     *
     * @param clock the Provider's clock
     */
    public RedisTokenStore(RedisClient client, Clock clock) {
        this(builder().client(client).clock(clock));
    }

    /**
     * A store on a Redis Cluster through an existing cluster client, with the default prefix. The
     * caller keeps the client. Give it {@link #recommendedClusterClientOptions(Duration)}.
     *
     * @param clock the Provider's clock
     */
    public RedisTokenStore(RedisClusterClient client, Clock clock) {
        this(builder().client(client).clock(clock));
    }

    private RedisTokenStore(Builder b) {
        this.prefix = b.prefix;
        this.clock = b.clock;
        this.commandTimeout = b.commandTimeout;
        this.retryAfter = b.retryAfter;
        // A connect attempt takes up to the connect timeout, which is the command timeout for a
        // client the store creates; a caller waits for another's attempt a little longer than that.
        this.backend = new Backend(b.connector(), b.reconnectDelay, b.commandTimeout.plus(b.commandTimeout));
        backend.tryOpen();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The client options this store gives the client it creates; start from them for a client of your
     * own (with {@code mutate()}): auto-reconnect, commands rejected at once while disconnected
     * (rather than buffered until a timeout, and never replayed after a reconnect, so a redemption
     * whose answer was lost is not run a second time), the command timeout, a connect timeout of
     * the same length, TCP keep-alive.
     */
    public static ClientOptions recommendedClientOptions(Duration commandTimeout) {
        Duration timeout = positive(commandTimeout, "commandTimeout");
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .build();
    }

    /**
     * {@link #recommendedClientOptions(Duration)} for a cluster client, plus a periodic refresh of the
     * cluster topology every 30 s on top of Lettuce's event-driven one (on redirects, reconnects and
     * unknown nodes), so slots moved by a failover or a resharding are followed without a restart.
     */
    public static ClusterClientOptions recommendedClusterClientOptions(Duration commandTimeout) {
        Duration timeout = positive(commandTimeout, "commandTimeout");
        return ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    // ---- access and refresh tokens ----

    @Override
    public void saveToken(AccessToken token) {
        for (RedisFuture<String> write : writeToken(token)) {
            requireOk(SAVE_TOKEN, await(SAVE_TOKEN, write));
        }
    }

    /**
     * Sends the same writes as {@link #saveToken} and returns at once; the stage completes when
     * Redis has answered every one, on Lettuce's I/O thread (adapters copy the answer out on their
     * framework's own threads), or fails as {@code saveToken} would throw, after at most the
     * command timeout.
     */
    @Override
    public CompletionStage<Void> saveTokenAsync(AccessToken token) {
        List<RedisFuture<String>> writes;
        try {
            writes = writeToken(token);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> answered = writes.size() == 1 ? writes.get(0).toCompletableFuture()
                : CompletableFuture.allOf(writes.get(0).toCompletableFuture(), writes.get(1).toCompletableFuture());
        return answered.orTimeout(commandTimeout.toNanos(), TimeUnit.NANOSECONDS).handle((ignored, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof TimeoutException) {
                    writes.forEach(write -> write.cancel(true));
                    throw unavailable(SAVE_TOKEN, "Redis did not answer within " + commandTimeout.toMillis() + " ms", cause);
                }
                throw translate(SAVE_TOKEN, cause);
            }
            for (RedisFuture<String> write : writes) {
                requireOk(SAVE_TOKEN, write.toCompletableFuture().getNow(null));
            }
            return null;
        });
    }

    /** Sends the token's writes without waiting: both share one round trip. */
    private List<RedisFuture<String>> writeToken(AccessToken token) {
        Objects.requireNonNull(token, "token");
        RedisClusterAsyncCommands<String, byte[]> redis = commands(SAVE_TOKEN);
        RedisFuture<String> access = redis.set(key(ACCESS, token.tokenDigest()), Records.accessToken(token),
                SetArgs.Builder.px(ttlMillis(token.expiresAt())));
        if (!token.hasRefreshToken()) {
            return List.of(access);
        }
        return List.of(access, redis.set(key(REFRESH, token.refreshTokenDigest()), Records.refreshToken(token),
                SetArgs.Builder.px(ttlMillis(token.refreshExpiresAt()))));
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        byte[] value = read("fetch token", key(ACCESS, tokenDigest));
        if (value == null) {
            return Optional.empty();
        }
        AccessToken token = Records.accessToken(value);
        return isRevoked(token.familyId()) ? Optional.empty() : Optional.of(token);
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        byte[] value = read("fetch refresh token", key(REFRESH, refreshTokenDigest));
        if (value == null) {
            return Optional.empty();
        }
        Records.Redeemable<AccessToken> entry = Records.refreshToken(value);
        return entry.used() || isRevoked(entry.value().familyId()) ? Optional.empty() : Optional.of(entry.value());
    }

    /**
     * Looks the refresh token and its family up first, then retires it with the {@link #REDEEM}
     * script, which alone decides the winner. The family is checked before the atomic step, not
     * after it: the winner must stay the winner when a concurrent loser (a replay, R25) revokes the
     * family just after the win. A revocation racing with this call is ordered after the win.
     */
    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        String operation = "redeem refresh token";
        String key = key(REFRESH, refreshTokenDigest);
        byte[] current = read(operation, key);
        if (current == null) {
            return Redemption.notFound();
        }
        Records.Redeemable<AccessToken> entry = Records.refreshToken(current);
        if (isRevoked(entry.value().familyId())) {
            return Redemption.notFound();
        }
        if (entry.used()) {
            // Used is final: no script can make it live again, so the read alone may say so.
            return Redemption.alreadyRedeemed(entry.value());
        }
        byte[] before = script(operation, REDEEM, ScriptOutputType.VALUE, key);
        if (before == null) {
            return Redemption.notFound();
        }
        Records.Redeemable<AccessToken> was = Records.refreshToken(before);
        return was.used() ? Redemption.alreadyRedeemed(was.value()) : Redemption.redeemed(was.value());
    }

    @Override
    public void deleteToken(String tokenDigest) {
        String operation = "delete token";
        // 0 means it was not there: unknown digests are ignored.
        await(operation, commands(operation).del(key(ACCESS, tokenDigest)));
    }

    /**
     * Writes the family's tombstone with the {@link #REVOKE} script, which keeps the longer of two
     * overlapping revocations. Nothing else is touched: every read checks the tombstone.
     */
    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(rememberUntil, "rememberUntil");
        long until = ceilMillis(rememberUntil);
        script("revoke family", REVOKE, ScriptOutputType.INTEGER, key(FAMILY, familyId), ascii(Long.toString(until)),
                ascii(Long.toString(ttlMillis(rememberUntil))));
    }

    // ---- authorization codes ----

    @Override
    public void saveCode(AuthorizationCode code) {
        Objects.requireNonNull(code, "code");
        String operation = "save code";
        requireOk(operation, await(operation, commands(operation).set(key(CODE, code.codeDigest()), Records.code(code),
                SetArgs.Builder.px(ttlMillis(code.expiresAt())))));
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        byte[] value = read("fetch code", key(CODE, codeDigest));
        if (value == null) {
            return Optional.empty();
        }
        Records.Redeemable<AuthorizationCode> entry = Records.code(value);
        return entry.used() ? Optional.empty() : Optional.of(entry.value());
    }

    /** One round trip: the {@link #REDEEM} script on the code's key. */
    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        byte[] before = script("redeem code", REDEEM, ScriptOutputType.VALUE, key(CODE, codeDigest));
        if (before == null) {
            return Redemption.notFound();
        }
        Records.Redeemable<AuthorizationCode> was = Records.code(before);
        return was.used() ? Redemption.alreadyRedeemed(was.value()) : Redemption.redeemed(was.value());
    }

    // ---- ephemeral records ----

    /**
     * One {@code SET key value NX PX ttl}: Redis stores it only if the key is absent, so of any
     * number of callers exactly one gets {@code OK}.
     */
    @Override
    public boolean add(String kind, String key, String value, Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String operation = "add record";
        return "OK".equals(await(operation, commands(operation).set(ephemeralKey(kind, key), utf8(value),
                SetArgs.Builder.nx().px(ephemeralTtlMillis(expiresAt)))));
    }

    @Override
    public Optional<String> get(String kind, String key) {
        return text(read("get record", ephemeralKey(kind, key)));
    }

    /** One {@link #REPLACE} script on the one key. */
    @Override
    public boolean replace(String kind, String key, String expected, String value) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        Long replaced = script("replace record", REPLACE, ScriptOutputType.INTEGER, ephemeralKey(kind, key),
                utf8(expected), utf8(value));
        return replaced != null && replaced == 1;
    }

    /** One {@link #TAKE} script on the one key. */
    @Override
    public Optional<String> take(String kind, String key) {
        return text(script("take record", TAKE, ScriptOutputType.VALUE, ephemeralKey(kind, key)));
    }

    /**
     * The key's time to live for a record that ends at {@code expiresAt}: as for tokens, with a
     * second of grace so Redis never drops it before the core stops honouring it; a record that has
     * already ended gets one millisecond, so it is gone at once instead of blocking a fresh one for
     * the grace period (and PX refuses zero or less).
     */
    long ephemeralTtlMillis(Instant expiresAt) {
        return expiresAt.isAfter(clock.instant()) ? ttlMillis(expiresAt) : 1;
    }

    String ephemeralKey(String kind, String key) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("a record kind is 1 to 32 of a-z, 0-9 and _: \"" + kind + "\"");
        }
        return key(EPHEMERAL + ':' + kind, key);
    }

    private static Optional<String> text(byte[] value) {
        return value == null ? Optional.empty() : Optional.of(new String(value, StandardCharsets.UTF_8));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- administration ----

    /** The key prefix, e.g. for monitoring ({@code redis-cli --scan --pattern 'oauth2:*'}). */
    public String prefix() {
        return prefix;
    }

    /**
     * Everything Redis holds under this store's prefix, one {@code key value} line per entry sorted
     * by key, values as UTF-8 text: what a copy of Redis would reveal (it holds digests only, R29).
     * It walks the keys with SCAN (on every master of a cluster), so it is meant for tests and
     * inspection, not for a hot path.
     */
    public String dump() {
        String operation = "dump";
        RedisClusterAsyncCommands<String, byte[]> redis = commands(operation);
        ScanArgs args = ScanArgs.Builder.matches(globEscape(prefix) + ":*").limit(1000);
        List<String> keys = new ArrayList<>();
        KeyScanCursor<String> cursor = await(operation, redis.scan(args));
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            // the cursor itself, not its number: on a cluster it also says which node comes next
            cursor = await(operation, redis.scan(cursor, args));
            keys.addAll(cursor.getKeys());
        }
        TreeMap<String, String> entries = new TreeMap<>();
        for (String key : keys) {
            byte[] value = await(operation, redis.get(key));
            if (value != null) {
                entries.put(key, new String(value, StandardCharsets.UTF_8));
            }
        }
        StringBuilder out = new StringBuilder();
        entries.forEach((k, v) -> out.append(k).append(' ').append(v).append('\n'));
        return out.toString();
    }

    /**
     * Closes the store's connection, and shuts down the client if the store created it; a client
     * passed in is left running.
     */
    @Override
    public void close() {
        backend.close();
    }

    // ---- Redis calls ----

    private boolean isRevoked(String familyId) {
        byte[] value = read("check family", key(FAMILY, familyId));
        if (value == null) {
            return false;
        }
        long until;
        try {
            until = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw Records.unreadable("a family tombstone is not a number");
        }
        return clock.millis() < until;
    }

    private byte[] read(String operation, String key) {
        return await(operation, commands(operation).get(key));
    }

    /**
     * Runs a script by its SHA-1 (EVALSHA), sending the source (EVAL) only when Redis does not know
     * it yet: on first use, and after a restart or failover emptied the script cache.
     */
    private <T> T script(String operation, LuaScript script, ScriptOutputType type, String key, byte[]... args) {
        RedisClusterAsyncCommands<String, byte[]> redis = commands(operation);
        String[] keys = {key};
        try {
            return await(operation, redis.<T>evalsha(script.sha1(), type, keys, args));
        } catch (RedisNoScriptException e) {
            return await(operation, redis.<T>eval(script.source(), type, keys, args));
        }
    }

    /** The connection's commands; {@link RedisClientStore}, which shares this store's connection, uses it too. */
    RedisClusterAsyncCommands<String, byte[]> commands(String operation) {
        try {
            return backend.commands();
        } catch (Backend.RedisUnreachable e) {
            throw unavailable(operation, e.getMessage(), e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Waits for one command, at most the command timeout. Failures to reach Redis become
     * {@link StoreUnavailableError}; {@link RedisNoScriptException} is passed on for
     * {@link #script} to handle; any other error Redis answers with (a wrong password, a key of
     * another type) is a fault that retrying will not fix, and becomes an {@link IllegalStateException}.
     */
    <T> T await(String operation, RedisFuture<T> future) {
        try {
            return future.get(commandTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw unavailable(operation, "interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(operation, "Redis did not answer within " + commandTimeout.toMillis() + " ms", e);
        } catch (CancellationException e) {
            throw unavailable(operation, "the command was cancelled", e);
        } catch (ExecutionException e) {
            throw translate(operation, e.getCause() == null ? e : e.getCause());
        }
    }

    private RuntimeException translate(String operation, Throwable cause) {
        if (cause instanceof RedisNoScriptException noScript) {
            return noScript;
        }
        if (cause instanceof RedisCommandExecutionException refused) {
            if (isTransient(refused.getMessage())) {
                return unavailable(operation, "Redis refused for now: " + firstWord(refused.getMessage()), refused);
            }
            return new IllegalStateException("Redis refused " + operation + ": " + refused.getMessage(), refused);
        }
        if (cause instanceof RedisException || cause instanceof IOException || cause instanceof TimeoutException) {
            // timed out, not connected, connection lost: Lettuce's RedisCommandTimeoutException,
            // RedisConnectionException and the RedisException it rejects commands with
            return unavailable(operation, cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
        return new IllegalStateException("Redis call failed (" + operation + "): " + cause, cause);
    }

    /**
     * Error replies that mean "not now" rather than "never": a server loading its data, busy with a
     * script, read-only after a failover, out of memory under {@code maxmemory-policy noeviction}, a
     * cluster without a quorum or in the middle of moving a slot, no room for another client.
     */
    static boolean isTransient(String message) {
        if (message == null) {
            return false;
        }
        for (String prefix : List.of("LOADING", "BUSY", "READONLY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "OOM",
                "NOREPLICAS", "MOVED", "ASK", "ERR max number of clients")) {
            if (message.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The message names the operation, never a key or a value (R37). */
    private StoreUnavailableError unavailable(String operation, String why, Throwable cause) {
        return new StoreUnavailableError("Redis is unavailable (" + operation + "): " + why, cause, retryAfter);
    }

    static void requireOk(String operation, String reply) {
        if (!"OK".equals(reply)) {
            throw new IllegalStateException("Redis did not store the entry (" + operation + "): " + reply);
        }
    }

    /**
     * Milliseconds until {@code until} by the store's clock, plus a second of grace so Redis never
     * drops an entry before the core considers it expired; at least a second. Relative, so the
     * Redis host's clock does not matter.
     */
    long ttlMillis(Instant until) {
        Duration left = Duration.between(clock.instant(), until);
        long millis = left.compareTo(Duration.ofMillis(MAX_TTL_MILLIS)) > 0 ? MAX_TTL_MILLIS
                : left.isNegative() ? 0 : left.toMillis() + (left.toNanosPart() % 1_000_000 == 0 ? 0 : 1);
        return Math.max(MIN_TTL_MILLIS, millis + GRACE_MILLIS);
    }

    private static long ceilMillis(Instant instant) {
        long millis = instant.toEpochMilli();
        return instant.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    String key(String kind, String id) {
        return prefix + ':' + kind + ":{" + StoreKeys.part(Objects.requireNonNull(id, kind)) + '}';
    }


    private static String globEscape(String s) {
        return s.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }

    private static String firstWord(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a Redis key prefix is 1 to 100 printable ASCII characters without "
                    + "spaces or braces: \"" + prefix + "\"");
        }
        return prefix;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /** A Lua script and the SHA-1 Redis caches it under. */
    record LuaScript(String source, String sha1) {
        LuaScript(String source) {
            this(source, sha1Hex(source));
        }

        private static String sha1Hex(String source) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                StringBuilder hex = new StringBuilder(40);
                for (byte b : hash) {
                    hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
                return hex.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }
    }

    /**
     * Options for {@link RedisTokenStore}; exactly one of {@link #uri}, {@link #clusterUris} and
     * {@link #client} is required.
     */
    public static final class Builder {
        private RedisURI uri;
        private List<RedisURI> clusterUris;
        private RedisClient client;
        private RedisClusterClient clusterClient;
        private String prefix = DEFAULT_PREFIX;
        private Clock clock = Clock.systemUTC();
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;

        private Builder() {
        }

        /**
         * One Redis, or a Sentinel-managed one: {@code redis://[password@]host[:port][/database]},
         * {@code rediss://...} for TLS, {@code redis-sentinel://host:26379,host2:26379/0#mymaster}.
         * The store creates the client and shuts it down in {@link RedisTokenStore#close()}. A
         * timeout in the URI is replaced by {@link #commandTimeout}.
         */
        public Builder uri(String uri) {
            return uri(RedisURI.create(Objects.requireNonNull(uri, "uri")));
        }

        /** @see #uri(String) */
        public Builder uri(RedisURI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * A Redis Cluster, by one or more of its nodes ({@code redis://host:port} each); the client
         * discovers the others. The store creates the cluster client and shuts it down on close.
         */
        public Builder clusterUris(String... uris) {
            if (uris.length == 0) {
                throw new IllegalArgumentException("at least one cluster node is needed");
            }
            List<RedisURI> list = new ArrayList<>();
            for (String u : uris) {
                list.add(RedisURI.create(Objects.requireNonNull(u, "uri")));
            }
            this.clusterUris = List.copyOf(list);
            return this;
        }

        /**
         * An existing client, created with the URI to connect to; the store opens one connection
         * from it and closes only that. Give it {@link #recommendedClientOptions(Duration)}.
         */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** An existing Redis Cluster client; give it {@link #recommendedClusterClientOptions(Duration)}. */
        public Builder client(RedisClusterClient client) {
            this.clusterClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Prepended to every key, so several applications can share a Redis; default {@code oauth2}. */
        public Builder prefix(String prefix) {
            this.prefix = checkPrefix(prefix);
            return this;
        }

        /** The clock expiry is computed with; pass the Provider's clock. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The longest the store waits for one Redis command before it gives up with
         * {@link StoreUnavailableError}; also the connect timeout of a client the store creates.
         * Default 1 s. A call makes at most three round trips in sequence (retiring a refresh
         * token reads it, checks its family, then runs the script), each bounded by this.
         */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "commandTimeout");
            return this;
        }

        /**
         * The longest wait between two attempts to reconnect to a Redis that went away (Lettuce
         * starts at 50 ms and doubles up to this), and between two attempts to open the first
         * connection. Default 1 s; the reconnect part only applies to a client the store creates.
         */
        public Builder reconnectDelay(Duration delay) {
            this.reconnectDelay = positive(delay, "reconnectDelay");
            return this;
        }

        /** The {@code Retry-After} sent with the 503 while Redis is unavailable; default 3 s. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = positive(retryAfter, "retryAfter");
            return this;
        }

        public RedisTokenStore build() {
            int targets = (uri != null ? 1 : 0) + (clusterUris != null ? 1 : 0) + (client != null ? 1 : 0)
                    + (clusterClient != null ? 1 : 0);
            if (targets != 1) {
                throw new IllegalStateException("set exactly one of uri(...), clusterUris(...) and client(...)");
            }
            return new RedisTokenStore(this);
        }

        private Backend.Connector connector() {
            Duration shutdownTimeout = Duration.ofSeconds(2);
            if (client != null) {
                return Backend.standalone(client, null, null, shutdownTimeout);
            }
            if (clusterClient != null) {
                return Backend.cluster(clusterClient, "the cluster client's nodes", null, shutdownTimeout);
            }
            // the first reconnect attempt 50 ms after the loss, then doubling up to reconnectDelay
            Duration first = Duration.ofMillis(50);
            Duration longest = reconnectDelay.compareTo(first) < 0 ? first : reconnectDelay;
            ClientResources resources = DefaultClientResources.builder()
                    .reconnectDelay(Delay.exponential(first, longest, 2, TimeUnit.MILLISECONDS))
                    .build();
            if (uri != null) {
                RedisURI target = RedisURI.builder(uri).withTimeout(commandTimeout).build();
                RedisClient created = RedisClient.create(resources, target);
                created.setOptions(recommendedClientOptions(commandTimeout));
                return Backend.standalone(created, target, resources, shutdownTimeout);
            }
            List<RedisURI> targets = new ArrayList<>();
            StringBuilder seeds = new StringBuilder();
            for (RedisURI u : clusterUris) {
                targets.add(RedisURI.builder(u).withTimeout(commandTimeout).build());
                seeds.append(seeds.length() == 0 ? "" : ",").append(Backend.hostsOf(u));
            }
            RedisClusterClient created = RedisClusterClient.create(resources, targets);
            created.setOptions(recommendedClusterClientOptions(commandTimeout));
            return Backend.cluster(created, seeds.toString(), resources, shutdownTimeout);
        }
    }
}
