package org.oauth2kit.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.StoreUnavailableError;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.Redemption;

/**
 * Wraps real stores and makes them fail on demand as a backend that is down would: with
 * {@link StoreUnavailableError}. Only for the Provider's own reaction to outages; store modules
 * prove their real failure behaviour by stopping their real backend.
 */
public final class FailingStores implements AccessTokenStore, AuthCodeStore {
    /** What the failing stores ask clients to wait; tests check it arrives as {@code Retry-After}. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(7);

    private final AccessTokenStore tokens;
    private final AuthCodeStore codes;
    private volatile boolean down;
    private volatile boolean savesDown;

    public FailingStores(Stores stores) {
        this.tokens = stores.tokens();
        this.codes = stores.codes();
    }

    /** Every operation fails. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Only writes of tokens fail (reads work): a save that does not happen. */
    public void savesDown(boolean savesDown) {
        this.savesDown = savesDown;
    }

    private void check() {
        if (down) {
            throw new StoreUnavailableError("backend unreachable", null, RETRY_AFTER);
        }
    }

    @Override
    public void saveToken(AccessToken token) {
        check();
        if (savesDown) {
            throw new StoreUnavailableError("backend unreachable", null, RETRY_AFTER);
        }
        tokens.saveToken(token);
    }

    /**
     * As a store that writes in the background: the save is made a millisecond later on another
     * thread, and the stage completes there (exceptionally when the store is down). So every
     * adapter's HTTP contract runs its token responses through the path on which a request waits
     * for a save without holding a thread ({@link org.oauth2kit.Provider#dispatchAsync}).
     */
    @Override
    public CompletionStage<Void> saveTokenAsync(AccessToken token) {
        return CompletableFuture.runAsync(() -> saveToken(token), LATER);
    }

    private static final Executor LATER = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        check();
        return tokens.fetchByToken(tokenDigest);
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        check();
        return tokens.fetchByRefreshToken(refreshTokenDigest);
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        check();
        return tokens.redeemRefreshToken(refreshTokenDigest);
    }

    @Override
    public void deleteToken(String tokenDigest) {
        check();
        tokens.deleteToken(tokenDigest);
    }

    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        check();
        tokens.revokeFamily(familyId, rememberUntil);
    }

    @Override
    public void saveCode(AuthorizationCode code) {
        check();
        codes.saveCode(code);
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        check();
        return codes.fetchByCode(codeDigest);
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        check();
        return codes.redeemCode(codeDigest);
    }
}
