package org.oauth2kit.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.Redemption;

/**
 * The smallest correct token and code store, for the testkit's own suites (which must not depend
 * on a store module): atomic redemption through {@link ConcurrentHashMap#compute}, no eviction.
 * Applications use {@code oauth2-store-memory}.
 */
final class InMemoryStores implements AccessTokenStore, AuthCodeStore {
    private record Entry<T>(T value, boolean used) {
    }

    private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Entry<AccessToken>> refresh = new ConcurrentHashMap<>();
    private final Map<String, Entry<AuthorizationCode>> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    @Override
    public void saveToken(AccessToken token) {
        tokens.put(token.tokenDigest(), token);
        if (token.hasRefreshToken()) {
            refresh.put(token.refreshTokenDigest(), new Entry<>(token, false));
        }
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        return Optional.ofNullable(tokens.get(tokenDigest)).filter(t -> !revoked.containsKey(t.familyId()));
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String digest) {
        Entry<AccessToken> e = refresh.get(digest);
        return e == null || e.used() || revoked.containsKey(e.value().familyId()) ? Optional.empty()
                : Optional.of(e.value());
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String digest) {
        return redeem(refresh, digest, t -> revoked.containsKey(t.familyId()));
    }

    @Override
    public void deleteToken(String tokenDigest) {
        tokens.remove(tokenDigest);
    }

    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        revoked.put(familyId, rememberUntil);
    }

    @Override
    public void saveCode(AuthorizationCode code) {
        codes.put(code.codeDigest(), new Entry<>(code, false));
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String digest) {
        Entry<AuthorizationCode> e = codes.get(digest);
        return e == null || e.used() ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String digest) {
        return redeem(codes, digest, c -> false);
    }

    private static <T> Redemption<T> redeem(Map<String, Entry<T>> map, String digest,
            java.util.function.Predicate<T> gone) {
        boolean[] won = new boolean[1];
        boolean[] revoked = new boolean[1];
        Entry<T> after = map.computeIfPresent(digest, (k, e) -> {
            // decided inside the atomic step, so a revocation right after a win cannot undo it
            if (gone.test(e.value())) {
                revoked[0] = true;
                return e;
            }
            if (e.used()) {
                return e;
            }
            won[0] = true;
            return new Entry<>(e.value(), true);
        });
        if (after == null || revoked[0]) {
            return Redemption.notFound();
        }
        return won[0] ? Redemption.redeemed(after.value()) : Redemption.alreadyRedeemed(after.value());
    }

    /** Everything held, as text. */
    String dump() {
        return tokens + "\n" + refresh + "\n" + codes + "\n" + revoked;
    }
}
