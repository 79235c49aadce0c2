package org.oauth2kit.store.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
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
public final class MemoryTokenStore implements AccessTokenStore, AuthCodeStore {
    // A sweep walks every entry, so it runs on a timer, not per write: its cost stays constant per
    // write however many tokens are live.
    private static final long SWEEP_INTERVAL_MILLIS = 30_000;

    private final Clock clock;
    private final ConcurrentMap<String, AccessToken> byAccess = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RefreshEntry> byRefresh = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CodeEntry> codes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> revokedFamilies = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong();

    private record RefreshEntry(AccessToken token, boolean retired) {
    }

    private record CodeEntry(AuthorizationCode code, boolean redeemed) {
    }

    /** Evicts by the system clock. */
    public MemoryTokenStore() {
        this(Clock.systemUTC());
    }

    /** Evicts by {@code clock}; pass the Provider's clock. */
    public MemoryTokenStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nextSweep.set(clock.millis() + SWEEP_INTERVAL_MILLIS);
    }

    @Override
    public void saveToken(AccessToken token) {
        Objects.requireNonNull(token, "token");
        byAccess.put(token.tokenDigest(), token);
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
        boolean[] won = new boolean[1];
        RefreshEntry after = byRefresh.computeIfPresent(refreshTokenDigest, (k, e) -> {
            if (e.retired()) {
                return e;
            }
            won[0] = true;
            return new RefreshEntry(e.token(), true);
        });
        if (after == null || isRevoked(after.token().familyId())) {
            return Redemption.notFound();
        }
        return won[0] ? Redemption.redeemed(after.token()) : Redemption.alreadyRedeemed(after.token());
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

    /** Number of stored access tokens, refresh tokens and codes; for tests and monitoring. */
    public int size() {
        return byAccess.size() + byRefresh.size() + codes.size();
    }

    /**
     * Every key and value held, as text: what a heap dump of this store would reveal. Used by the
     * store contract to prove that no token, code or secret is kept (R29).
     */
    public String dump() {
        return byAccess + "\n" + byRefresh + "\n" + codes + "\n" + revokedFamilies;
    }

    /** Drops every entry that can no longer be used. */
    public void evictExpired() {
        Instant now = clock.instant();
        byAccess.entrySet().removeIf(e -> !now.isBefore(e.getValue().expiresAt()));
        byRefresh.entrySet().removeIf(e -> e.getValue().token().isRefreshExpired(now));
        codes.entrySet().removeIf(e -> e.getValue().code().isExpired(now));
        revokedFamilies.entrySet().removeIf(e -> !now.isBefore(e.getValue()));
    }

    private boolean isRevoked(String familyId) {
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
