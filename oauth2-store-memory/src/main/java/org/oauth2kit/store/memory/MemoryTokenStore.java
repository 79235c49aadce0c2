package org.oauth2kit.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;

/**
 * Access tokens, refresh tokens and authorization codes in memory, keyed by digest (R29).
 * Thread-safe; redemption is one atomic map operation (R14, R26). Entries past their last use
 * are evicted by a sweep that runs at most every 30 seconds when the store is written to, so
 * memory stays bounded by the entries issued within their lifetime.
 *
 * <p>Fit for tests, development and single-instance servers: everything is lost on restart, and
 * several instances of an application do not see each other's tokens.
 */
public final class MemoryTokenStore implements AccessTokenStore, AuthCodeStore, EphemeralStore {
    // A sweep walks every entry, so it runs on a timer, not per write: its cost stays constant per
    // write however many tokens are live.
    private static final long SWEEP_INTERVAL_MILLIS = 30_000;

    private final Clock clock;
    private final int maxEntries;
    // access tokens are the bulk (one per token request, kept for their hour): held as bytes in
    // large chunks, not as objects, so the collector does not copy them again and again
    private final AccessTokenTable byAccess = new AccessTokenTable();
    private final ConcurrentMap<String, RefreshEntry> byRefresh = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CodeEntry> codes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> revokedFamilies = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Ephemeral> ephemeral = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();
    private final AtomicLong lastFullSweep = new AtomicLong(Long.MIN_VALUE / 2);

    private record RefreshEntry(AccessToken token, boolean retired) {
    }

    private record Ephemeral(String value, Instant expiresAt) {
    }

    private record CodeEntry(AuthorizationCode code, boolean redeemed) {
    }

    /** Evicts by the system clock; at most {@link #defaultMaxEntries()} entries. */
    public MemoryTokenStore() {
        this(Clock.systemUTC());
    }

    /** Evicts by {@code clock}; pass the Provider's clock. At most {@link #defaultMaxEntries()} entries. */
    public MemoryTokenStore(Clock clock) {
        this(clock, defaultMaxEntries());
    }

    /**
     * @param maxEntries the most access tokens, refresh tokens and codes held at once. When it is
     *                   reached, expired entries are swept at once; if the store is still full, a
     *                   save fails with {@link StoreUnavailableError} (the client gets 503 with
     *                   {@code Retry-After}, nothing half-issued) instead of the heap running out.
     */
    public MemoryTokenStore(Clock clock, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.nextSweep.set(clock.millis() + SWEEP_INTERVAL_MILLIS);
    }

    /**
     * As many entries as fill a quarter of the JVM's maximum heap at 512 bytes each (an access
     * token takes about 0.2 KB, a refresh token or a code about 0.5 KB), and at least 10,000: about
     * three million with a 6 GiB heap (the default on a 24 GiB machine), 260,000 with 512 MiB.
     * Size it to the tokens issued within their lifetimes; see the README.
     */
    public static int defaultMaxEntries() {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        return (int) Math.max(10_000, Math.min(Integer.MAX_VALUE / 2, quarter / 512));
    }

    @Override
    public void saveToken(AccessToken token) {
        Objects.requireNonNull(token, "token");
        ensureRoom(token.hasRefreshToken() ? 2 : 1);
        byAccess.put(token);
        if (token.hasRefreshToken()) {
            byRefresh.put(token.refreshTokenDigest(), new RefreshEntry(token, false));
        }
        maybeSweep();
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        AccessToken token = byAccess.get(tokenDigest);
        return token == null || isRevoked(token.familyId()) ? Optional.empty() : Optional.of(token);
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        RefreshEntry entry = byRefresh.get(refreshTokenDigest);
        return entry == null || entry.retired() || isRevoked(entry.token().familyId()) ? Optional.empty()
                : Optional.of(entry.token());
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        AccessToken[] won = new AccessToken[1];
        boolean[] revoked = new boolean[1];
        RefreshEntry after = byRefresh.computeIfPresent(refreshTokenDigest, (k, e) -> {
            // Decided inside the atomic step: a revocation that a losing caller makes a moment
            // later must not turn the winner's redemption into "not found" (R26).
            if (isRevoked(e.token().familyId())) {
                revoked[0] = true;
                return e;
            }
            if (e.retired()) {
                return e;
            }
            won[0] = e.token();
            // Reuse detection needs only the client and the family: the retired entry keeps those
            // and drops the user data and scopes it held (R25).
            return new RefreshEntry(tombstone(e.token()), true);
        });
        if (after == null || revoked[0]) {
            return Redemption.notFound();
        }
        return won[0] != null ? Redemption.redeemed(won[0]) : Redemption.alreadyRedeemed(after.token());
    }

    private static AccessToken tombstone(AccessToken t) {
        return new AccessToken(t.tokenDigest(), t.clientId(), t.grantType(), Map.of(), List.of(), t.issuedAt(),
                t.expiresAt(), t.refreshTokenDigest(), t.refreshExpiresAt(), t.familyId());
    }

    /**
     * Makes room for {@code n} more entries or refuses: a sweep first (memory is bounded by what is
     * live), then {@link StoreUnavailableError} if the store is still full.
     */
    private void ensureRoom(int n) {
        if (size() + n <= maxEntries) {
            return;
        }
        long now = clock.millis();
        long last = lastFullSweep.get();
        // one full sweep per second at most: under a flood, sweeping on every save would cost more than it frees
        if (now - last >= 1000 && lastFullSweep.compareAndSet(last, now)) {
            evictExpired();
        }
        if (size() + n > maxEntries) {
            throw new StoreUnavailableError("the memory store is full (" + maxEntries + " entries)", null,
                    Duration.ofSeconds(30));
        }
    }

    @Override
    public void deleteToken(String tokenDigest) {
        byAccess.remove(tokenDigest);
    }

    /**
     * Records the revocation; every read checks it, so the family's tokens are gone at once, and
     * the sweep drops them when they expire. No per-family index is kept: it cost a set per issued
     * token on the hot path, to speed up a rare operation that needs no scan anyway.
     */
    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        revokedFamilies.merge(familyId, rememberUntil, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public void saveCode(AuthorizationCode code) {
        Objects.requireNonNull(code, "code");
        ensureRoom(1);
        codes.put(code.codeDigest(), new CodeEntry(code, false));
        maybeSweep();
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        CodeEntry entry = codes.get(codeDigest);
        return entry == null || entry.redeemed() ? Optional.empty() : Optional.of(entry.code());
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        boolean[] won = new boolean[1];
        CodeEntry after = codes.computeIfPresent(codeDigest, (k, e) -> {
            if (e.redeemed()) {
                return e;
            }
            won[0] = true;
            return new CodeEntry(e.code(), true);
        });
        if (after == null) {
            return Redemption.notFound();
        }
        return won[0] ? Redemption.redeemed(after.code()) : Redemption.alreadyRedeemed(after.code());
    }

    @Override
    public boolean add(String kind, String key, String value, Instant expiresAt) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        ensureRoom(1);
        boolean[] added = new boolean[1];
        Instant now = clock.instant();
        // an expired record no longer holds its key: compute() replaces it in the same atomic step
        ephemeral.compute(ephemeralKey(kind, key), (k, old) -> {
            if (old != null && now.isBefore(old.expiresAt())) {
                return old;
            }
            added[0] = true;
            return new Ephemeral(value, expiresAt);
        });
        maybeSweep();
        return added[0];
    }

    @Override
    public Optional<String> get(String kind, String key) {
        Ephemeral e = ephemeral.get(ephemeralKey(kind, key));
        return e == null || !clock.instant().isBefore(e.expiresAt()) ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public boolean replace(String kind, String key, String expected, String value) {
        Objects.requireNonNull(value, "value");
        boolean[] replaced = new boolean[1];
        Instant now = clock.instant();
        ephemeral.computeIfPresent(ephemeralKey(kind, key), (k, old) -> {
            if (!old.value().equals(expected) || !now.isBefore(old.expiresAt())) {
                return old;
            }
            replaced[0] = true;
            return new Ephemeral(value, old.expiresAt());
        });
        return replaced[0];
    }

    @Override
    public Optional<String> take(String kind, String key) {
        Ephemeral e = ephemeral.remove(ephemeralKey(kind, key));
        return e == null || !clock.instant().isBefore(e.expiresAt()) ? Optional.empty() : Optional.of(e.value());
    }

    private static String ephemeralKey(String kind, String key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        return kind + ' ' + key;
    }

    /** Number of stored access tokens, refresh tokens, codes and ephemeral records; for tests and monitoring. */
    public int size() {
        return byAccess.size() + byRefresh.size() + codes.size() + ephemeral.size();
    }

    /**
     * Every key and value held, as text: what a dump of the process memory would reveal of this store. Used by the
     * store contract to prove that no token, code or secret is kept (R29).
     */
    public String dump() {
        return byAccess.all() + "\n" + byRefresh + "\n" + codes + "\n" + revokedFamilies + "\n" + ephemeral;
    }

    /** Drops every entry that can no longer be used. */
    public void evictExpired() {
        Instant now = clock.instant();
        byAccess.removeExpired(now);
        byRefresh.entrySet().removeIf(e -> e.getValue().token().isRefreshExpired(now));
        codes.entrySet().removeIf(e -> e.getValue().code().isExpired(now));
        revokedFamilies.entrySet().removeIf(e -> !now.isBefore(e.getValue()));
        ephemeral.entrySet().removeIf(e -> !now.isBefore(e.getValue().expiresAt()));
    }

    private boolean isRevoked(String familyId) {
        // Most servers revoke no family for hours: then a read costs no hash of a fresh string.
        if (revokedFamilies.isEmpty()) {
            return false;
        }
        Instant until = revokedFamilies.get(familyId);
        return until != null && clock.instant().isBefore(until);
    }

    private void maybeSweep() {
        long now = clock.millis();
        long next = nextSweep.get();
        if (now >= next && nextSweep.compareAndSet(next, now + SWEEP_INTERVAL_MILLIS)) {
            evictExpired();
        }
    }
}
