package org.oauth2kit.store.memcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import net.spy.memcached.AddrUtil;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.StoreKeys;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;

/**
 * Access tokens, refresh tokens and authorization codes in memcached, the counterpart of the
 * seed's {@code oauth2.store.memcache.TokenStore(mc, prefix)}. Any number of application
 * instances can share one memcached or a cluster of them.
 *
 * <p>Keys are {@code <prefix>:<kind>:<digest>} with kind {@code access}, {@code refresh},
 * {@code code} or {@code family}; values are JSON holding digests only (R29). Every entry carries
 * memcached's own expiry, derived from the record (R30).
 *
 * <p>Once-only operations use memcached's compare-and-swap: codes and refresh tokens are stored
 * with a {@code redeemed} flag, and redeeming reads the entry with {@code gets} and flips the
 * flag with {@code cas}. For one entry only one {@code cas} with a given CAS id succeeds, so of
 * any number of callers in any number of processes exactly one wins (R14, R26). The flag lives
 * inside the entry rather than in a separate marker key so that eviction can only make a code
 * disappear (fail closed), never make a used code redeemable again.
 *
 * <p>Revoking a family writes one tombstone key, {@code <prefix>:family:<id>}; every read looks
 * it up, so tokens saved later are caught too and nothing is scanned (R15, R25).
 *
 * <p>As an {@link EphemeralStore} it keeps each record at {@code <prefix>:ephemeral:<kind>:<key>}
 * as JSON holding the value and its end, with memcached's exptime: {@code add} is memcached's
 * {@code add}, {@code get} a {@code get}, and {@code replace} and {@code take} a {@code gets}
 * followed by a {@code cas}, which alone decides. A take swaps the record for a "taken" marker
 * (the text protocol has no delete with a CAS id), then deletes the marker.
 *
 * <p>Every call waits at most the {@linkplain Builder#operationTimeout operation timeout}; a
 * memcached that is down, slow or unreachable becomes a {@link StoreUnavailableError} (R36).
 * When the store builds its own client it uses {@link #recommendedConnectionFactory}, which
 * cancels operations for a node that is down instead of sending them to another node: a stand-in
 * node would hold a second, diverging state for the same key, and a family tombstone written
 * there would be forgotten once the first node is back.
 *
 * <p>Memcached is a cache: it may evict entries under memory pressure and keeps nothing across a
 * restart. See the module README for what that means for tokens and how to size it.
 *
 * <p>Thread-safe.
 */
public final class MemcacheTokenStore implements AccessTokenStore, AuthCodeStore, EphemeralStore, AutoCloseable {
    /** The seed's default key prefix. */
    public static final String DEFAULT_PREFIX = "oauth2";
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final Logger LOG = System.getLogger(MemcacheTokenStore.class.getName());
    /** memcached reads an exptime above 30 days as an absolute unix time. */
    private static final long MAX_RELATIVE_EXPTIME = 60L * 60 * 24 * 30;
    /** memcached's clock is the wall clock, so absolute exptimes are anchored there. */
    private static final Clock WALL_CLOCK = Clock.systemUTC();
    private static final Pattern PREFIX = Pattern.compile("[\\x21-\\x7e]{1,100}");
        /** Enough for any realistic contention: each retry follows another caller's successful CAS. */
    private static final int MAX_CAS_ATTEMPTS = 16;

    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";
    private static final String CODE = "code";
    private static final String FAMILY = "family";
    /**
     * Ephemeral records live under {@code ephemeral:<kind>}: a kind has no colon, so whatever an
     * extension calls its records, they never share a key with tokens, codes or tombstones.
     */
    private static final String EPHEMERAL = "ephemeral";
    private static final Pattern KIND = Pattern.compile("[a-z0-9_]{1,32}");
    /** memcached refuses longer keys. */
    private static final int MAX_KEY_LENGTH = 250;

    private final MemcachedClient client;
    private final boolean ownsClient;
    private final String prefix;
    private final Clock clock;
    private final Duration operationTimeout;

    /** Uses an existing client with the seed's prefix {@code oauth2}; the caller keeps ownership of the client. */
    public MemcacheTokenStore(MemcachedClient client) {
        this(client, DEFAULT_PREFIX);
    }

    /**
     * Uses an existing client, as the seed's {@code TokenStore(mc=mc, prefix=...)}. The caller keeps
     * ownership: {@link #close()} leaves it open. Build it with {@link #recommendedConnectionFactory}
     * or at least {@link FailureMode#Cancel}.
     */
    public MemcacheTokenStore(MemcachedClient client, String prefix) {
        this(builder().client(client).prefix(prefix));
    }

    private MemcacheTokenStore(Builder b) {
        this.prefix = checkPrefix(b.prefix);
        this.clock = b.clock;
        this.operationTimeout = b.operationTimeout;
        if (b.client != null) {
            this.client = b.client;
            this.ownsClient = false;
        } else {
            try {
                this.client = new MemcachedClient(
                        recommendedConnectionFactory(b.operationTimeout, b.reconnectDelay).build(), b.servers);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a memcached client for " + b.servers, e);
            }
            this.ownsClient = true;
        }
        awaitConnections();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The connection settings this store uses for the client it builds; start from them when you
     * build your own client (to add authentication, say). Consistent hashing (KETAMA) spreads keys
     * over a cluster and moves few of them when a node is added; {@link FailureMode#Cancel} fails
     * operations for a node that is down at once, rather than waiting or sending them to another
     * node; a short reconnect delay brings a restarted node back within about a second.
     */
    public static ConnectionFactoryBuilder recommendedConnectionFactory(Duration operationTimeout,
            Duration reconnectDelay) {
        long timeoutMillis = positive(operationTimeout, "operationTimeout").toMillis();
        long reconnectSeconds = Math.max(1, (positive(reconnectDelay, "reconnectDelay").toMillis() + 999) / 1000);
        return new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(timeoutMillis)
                .setOpQueueMaxBlockTime(timeoutMillis)
                .setMaxReconnectDelay(reconnectSeconds)
                .setDaemon(true);
    }

    // ---- access and refresh tokens ----

    @Override
    public void saveToken(AccessToken token) {
        for (Future<Boolean> write : writeToken(token)) {
            requireStored(await(write));
        }
    }

    /**
     * Sends the same writes as {@link #saveToken} and returns at once; the stage completes when
     * memcached has stored both, on spymemcached's listener threads (adapters copy the answer out
     * on their framework's own threads), or fails as {@code saveToken} would throw, after at most
     * the operation timeout.
     */
    @Override
    public CompletionStage<Void> saveTokenAsync(AccessToken token) {
        List<OperationFuture<Boolean>> writes;
        try {
            writes = writeToken(token);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> saved = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(writes.size());
        for (OperationFuture<Boolean> write : writes) {
            write.addListener(done -> {
                try {
                    requireStored(await(write));
                } catch (RuntimeException e) {
                    saved.completeExceptionally(e);
                    return;
                }
                if (left.decrementAndGet() == 0) {
                    saved.complete(null);
                }
            });
        }
        return saved.orTimeout(operationTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(failure -> {
            if (failure instanceof TimeoutException) {
                writes.forEach(write -> write.cancel(false));
                throw new StoreUnavailableError(
                        "memcached did not answer within " + operationTimeout.toMillis() + " ms", failure);
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
    }

    /** Queues the token's writes without waiting: both go out together. */
    private List<OperationFuture<Boolean>> writeToken(AccessToken token) {
        Objects.requireNonNull(token, "token");
        OperationFuture<Boolean> access = submit(() -> client.set(key(ACCESS, token.tokenDigest()),
                exptime(token.expiresAt()), Records.accessToken(token), Utf8Transcoder.INSTANCE));
        if (!token.hasRefreshToken()) {
            return List.of(access);
        }
        return List.of(access, submit(() -> client.set(key(REFRESH, token.refreshTokenDigest()),
                exptime(token.refreshExpiresAt()), Records.refreshToken(token, false), Utf8Transcoder.INSTANCE)));
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        String json = get(key(ACCESS, tokenDigest));
        if (json == null) {
            return Optional.empty();
        }
        AccessToken token = Records.accessToken(json);
        return isRevoked(token.familyId()) ? Optional.empty() : Optional.of(token);
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        String json = get(key(REFRESH, refreshTokenDigest));
        if (json == null) {
            return Optional.empty();
        }
        Records.Redeemable<AccessToken> entry = Records.refreshToken(json);
        return entry.redeemed() || isRevoked(entry.value().familyId()) ? Optional.empty() : Optional.of(entry.value());
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        String key = key(REFRESH, refreshTokenDigest);
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            CASValue<String> current = gets(key);
            if (current == null) {
                return Redemption.notFound();
            }
            Records.Redeemable<AccessToken> entry = Records.refreshToken(current.getValue());
            AccessToken token = entry.value();
            if (isRevoked(token.familyId())) {
                return Redemption.notFound();
            }
            if (entry.redeemed()) {
                return Redemption.alreadyRedeemed(token);
            }
            // Keeps the retired entry until the refresh token would have expired, for reuse detection.
            CASResponse response = cas(key, current.getCas(), exptime(token.refreshExpiresAt()),
                    Records.refreshToken(token, true));
            if (response == CASResponse.OK) {
                return Redemption.redeemed(token);
            }
            if (response == CASResponse.NOT_FOUND) {
                return Redemption.notFound();
            }
            // EXISTS: another caller changed the entry first; read it again to see what it did.
        }
        throw contended("redemption");
    }

    @Override
    public void deleteToken(String tokenDigest) {
        // false means it was not there: unknown digests are ignored.
        await(submit(() -> client.delete(key(ACCESS, tokenDigest))));
    }

    /**
     * Writes the family's tombstone with {@code set}. The core passes "now + the longest lifetime"
     * on every call, so a later tombstone never ends earlier than the one it replaces.
     */
    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(rememberUntil, "rememberUntil");
        requireStored(await(submit(() -> client.set(key(FAMILY, familyId), exptime(rememberUntil),
                Records.familyRevocation(rememberUntil), Utf8Transcoder.INSTANCE))));
    }

    // ---- authorization codes ----

    @Override
    public void saveCode(AuthorizationCode code) {
        Objects.requireNonNull(code, "code");
        requireStored(await(submit(() -> client.set(key(CODE, code.codeDigest()), exptime(code.expiresAt()),
                Records.code(code, false), Utf8Transcoder.INSTANCE))));
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        String json = get(key(CODE, codeDigest));
        if (json == null) {
            return Optional.empty();
        }
        Records.Redeemable<AuthorizationCode> entry = Records.code(json);
        return entry.redeemed() ? Optional.empty() : Optional.of(entry.value());
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        String key = key(CODE, codeDigest);
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            CASValue<String> current = gets(key);
            if (current == null) {
                return Redemption.notFound();
            }
            Records.Redeemable<AuthorizationCode> entry = Records.code(current.getValue());
            if (entry.redeemed()) {
                return Redemption.alreadyRedeemed(entry.value());
            }
            // Keeps the used code until it would have expired, so a replay is recognised (R15).
            CASResponse response = cas(key, current.getCas(), exptime(entry.value().expiresAt()),
                    Records.code(entry.value(), true));
            if (response == CASResponse.OK) {
                return Redemption.redeemed(entry.value());
            }
            if (response == CASResponse.NOT_FOUND) {
                return Redemption.notFound();
            }
        }
        throw contended("redemption");
    }

    // ---- ephemeral records ----

    /**
     * memcached's {@code add} stores only when the key is absent, so of any number of callers
     * exactly one gets {@code STORED}. A record that has already ended gets the shortest exptime,
     * one second (0 would mean "never").
     */
    @Override
    public boolean add(String kind, String key, String value, Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String k = ephemeralKey(kind, key);
        // false is NOT_STORED; an error reply (a full memcached under -M) fails the future instead
        return Boolean.TRUE.equals(await(submit(() -> client.add(k, exptime(expiresAt),
                Records.ephemeral(value, expiresAt), Utf8Transcoder.INSTANCE))));
    }

    @Override
    public Optional<String> get(String kind, String key) {
        String json = get(ephemeralKey(kind, key));
        return json == null ? Optional.empty() : Optional.ofNullable(Records.ephemeral(json).value());
    }

    /**
     * {@code gets}, then a {@code cas} with the CAS id read: it fails if anyone wrote the record in
     * between, so of any number of callers replacing the same value at most one succeeds. The
     * exptime is recomputed from the end kept in the record, which keeps the expiry.
     */
    @Override
    public boolean replace(String kind, String key, String expected, String value) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(value, "value");
        String k = ephemeralKey(kind, key);
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            CASValue<String> current = gets(k);
            if (current == null) {
                return false;
            }
            Records.Ephemeral record = Records.ephemeral(current.getValue());
            if (record.taken() || !record.value().equals(expected)) {
                return false;
            }
            CASResponse response = cas(k, current.getCas(), exptime(record.expiresAt()),
                    Records.ephemeral(value, record.expiresAt()));
            if (response == CASResponse.OK) {
                return true;
            }
            if (response == CASResponse.NOT_FOUND) {
                return false;
            }
            // EXISTS: written in between; read again, it may still hold the expected value
        }
        throw contended("replace");
    }

    /**
     * {@code gets}, then a {@code cas} that swaps the record for a "taken" marker: only the caller
     * whose CAS id still matches gets the value, every other reads the marker or nothing. (A delete
     * with a CAS id exists only in the binary protocol.) The winner then deletes the marker so the
     * key is free again; nothing else writes over a marker, so that delete removes only it, and if
     * it is lost the marker expires with the record.
     */
    @Override
    public Optional<String> take(String kind, String key) {
        String k = ephemeralKey(kind, key);
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            CASValue<String> current = gets(k);
            if (current == null) {
                return Optional.empty();
            }
            Records.Ephemeral record = Records.ephemeral(current.getValue());
            if (record.taken()) {
                return Optional.empty();
            }
            CASResponse response = cas(k, current.getCas(), exptime(record.expiresAt()),
                    Records.takenEphemeral(record.expiresAt()));
            if (response == CASResponse.OK) {
                deleteMarker(k);
                return Optional.of(record.value());
            }
            if (response == CASResponse.NOT_FOUND) {
                return Optional.empty();
            }
        }
        throw contended("take");
    }

    /** Not awaited: the take is decided, and a marker left behind only blocks the key until it expires. */
    private void deleteMarker(String key) {
        try {
            client.delete(key);
        } catch (IllegalStateException e) {
            // the client's queue is full or it is shutting down: the marker expires by itself
        }
    }

    /**
     * {@code <prefix>:ephemeral:<kind>:<key part>}. Only a long prefix with a long kind and a long
     * plain key exceeds memcached's 250 bytes; then the key part is the key's SHA-256, marked with
     * {@code ~} as {@link StoreKeys#part} marks it.
     */
    String ephemeralKey(String kind, String key) {
        Objects.requireNonNull(kind, "kind");
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("a record kind is 1 to 32 of a-z, 0-9 and _: \"" + kind + "\"");
        }
        String full = key(EPHEMERAL + ':' + kind, key);
        return full.length() <= MAX_KEY_LENGTH ? full : prefix + ':' + EPHEMERAL + ':' + kind + ":~" + sha256(key);
    }

    private static String sha256(String s) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Shuts the client down if this store created it; a client passed in is left open. */
    @Override
    public void close() {
        if (ownsClient) {
            client.shutdown(operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The key prefix, e.g. for monitoring or a {@code lru_crawler metadump}. */
    public String prefix() {
        return prefix;
    }

    // ---- memcached calls ----

    /**
     * spymemcached connects in the background, and with {@link FailureMode#Cancel} an operation for
     * a node not yet connected is cancelled; so the first requests after start-up would fail for no
     * reason. Waits up to the operation timeout; a server still down after that is simply reported
     * by the calls that need it, and joins when it comes up.
     */
    private void awaitConnections() {
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        while (!client.getUnavailableServers().isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!client.getUnavailableServers().isEmpty()) {
            LOG.log(Level.WARNING, "memcached not reachable yet: " + client.getUnavailableServers());
        }
    }

    private boolean isRevoked(String familyId) {
        String json = get(key(FAMILY, familyId));
        return json != null && clock.instant().isBefore(Records.familyRevocation(json));
    }

    private String get(String key) {
        return await(submit(() -> client.asyncGet(key, Utf8Transcoder.INSTANCE)));
    }

    private CASValue<String> gets(String key) {
        return await(submit(() -> client.asyncGets(key, Utf8Transcoder.INSTANCE)));
    }

    private CASResponse cas(String key, long casId, int exptime, String value) {
        CASResponse response = await(submit(() -> client.asyncCAS(key, casId, exptime, value, Utf8Transcoder.INSTANCE)));
        if (response != CASResponse.OK && response != CASResponse.EXISTS && response != CASResponse.NOT_FOUND) {
            throw new StoreUnavailableError("memcached answered a cas with " + response, null);
        }
        return response;
    }

    /** Queues an operation; spymemcached refuses at once when its queue is full or it is shut down. */
    private static <T, F extends Future<T>> F submit(Supplier<F> operation) {
        try {
            return operation.get();
        } catch (IllegalStateException e) {
            throw new StoreUnavailableError("memcached client cannot take the operation: " + e.getMessage(), e);
        }
    }

    private <T> T await(Future<T> future) {
        try {
            return future.get(operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new StoreUnavailableError("interrupted while waiting for memcached", e);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new StoreUnavailableError("memcached did not answer within " + operationTimeout.toMillis() + " ms", e);
        } catch (CancellationException e) {
            throw new StoreUnavailableError("memcached is unreachable", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new StoreUnavailableError(cause instanceof CancellationException ? "memcached is unreachable"
                    : "memcached failed: " + cause.getMessage(), cause);
        }
    }

    private static void requireStored(Boolean stored) {
        if (!Boolean.TRUE.equals(stored)) {
            throw new StoreUnavailableError("memcached did not store the entry", null);
        }
    }

    private static StoreUnavailableError contended(String operation) {
        LOG.log(Level.WARNING, "memcached entry kept changing during " + operation);
        return new StoreUnavailableError("memcached entry kept changing during " + operation, null);
    }

    /**
     * memcached's exptime for an entry that is no longer needed at {@code until}. Rounded up, plus a
     * second, so memcached never drops an entry before the core would (R30); at least one second,
     * because 0 would mean "never". Up to 30 days it is relative; beyond, memcached wants a unix
     * time, anchored at the wall clock so that both forms mean the same remaining lifetime.
     */
    int exptime(Instant until) {
        long millis = Duration.between(clock.instant(), until).toMillis();
        long seconds = Math.max(1, Math.floorDiv(millis + 999, 1000) + 1);
        if (seconds <= MAX_RELATIVE_EXPTIME) {
            return (int) seconds;
        }
        return (int) Math.min(Integer.MAX_VALUE, WALL_CLOCK.instant().getEpochSecond() + seconds);
    }

    private String key(String kind, String id) {
        return prefix + ':' + kind + ':' + StoreKeys.part(Objects.requireNonNull(id, kind));
    }


    private static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "a memcached key prefix is 1 to 100 printable ASCII characters without spaces: \"" + prefix + "\"");
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

    /** Options for {@link MemcacheTokenStore}; either {@link #client} or {@link #servers} is required. */
    public static final class Builder {
        private MemcachedClient client;
        private List<InetSocketAddress> servers;
        private String prefix = DEFAULT_PREFIX;
        private Clock clock = Clock.systemUTC();
        private Duration operationTimeout = DEFAULT_OPERATION_TIMEOUT;
        private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;

        private Builder() {
        }

        /** An existing client; the store will not close it. */
        public Builder client(MemcachedClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Servers as {@code host:port}, one per argument or several separated by spaces or commas
         * (spymemcached's {@code AddrUtil} format). Several servers form a cluster with consistent
         * hashing; the store creates the client and closes it in {@link MemcacheTokenStore#close()}.
         */
        public Builder servers(String... hostPorts) {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (String s : hostPorts) {
                addresses.addAll(AddrUtil.getAddresses(Objects.requireNonNull(s, "server")));
            }
            return servers(addresses);
        }

        /** @see #servers(String...) */
        public Builder servers(List<InetSocketAddress> addresses) {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("at least one memcached server is needed");
            }
            this.servers = List.copyOf(addresses);
            return this;
        }

        /** Prepended to every key, so several applications can share a memcached; default {@code oauth2}. */
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
         * The longest a call waits for memcached before it gives up with
         * {@link StoreUnavailableError}; default 1 s. A call makes up to three round trips in
         * sequence (a redemption reads the entry, the family tombstone, then swaps), each bounded
         * by this.
         */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = positive(timeout, "operationTimeout");
            return this;
        }

        /**
         * The longest wait between attempts to reconnect to a node that went down (whole seconds,
         * at least 1); default 1 s. Only for a client the store creates.
         */
        public Builder reconnectDelay(Duration delay) {
            this.reconnectDelay = positive(delay, "reconnectDelay");
            return this;
        }

        public MemcacheTokenStore build() {
            if ((client == null) == (servers == null)) {
                throw new IllegalStateException("set exactly one of client(...) and servers(...)");
            }
            return new MemcacheTokenStore(this);
        }
    }
}
