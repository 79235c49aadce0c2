package org.oauth2kit.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.oauth2kit.AccessToken;

/**
 * Persists issued tokens. Every argument is a digest computed by the core (R29); a store never
 * sees a token. Expiry is checked by the core on every read (R30); a store should also let its
 * backend drop entries after {@link AccessToken#usableUntil()} so that dead ones are cleaned up.
 *
 * <p>Any method may throw {@link org.oauth2kit.error.StoreUnavailableError} when the backend
 * cannot be reached; it must do so within a bounded time.
 *
 * <p>{@code oauth2-testkit}'s store contract states every rule below as a test.
 */
public interface AccessTokenStore {

    /** Stores a token; when it returns, every later read sees it. */
    void saveToken(AccessToken token);

    /**
     * Stores a token without holding the caller until it is stored: the stage completes when every
     * later read sees the token, or completes exceptionally (with
     * {@link org.oauth2kit.error.StoreUnavailableError} when the backend cannot be reached) when it
     * was not stored. The token endpoint answers only once it completes, so a client never holds a
     * token that was not stored; through {@link org.oauth2kit.Provider#dispatchAsync} the request
     * thread is meanwhile free for other requests.
     *
     * <p>By default {@link #saveToken} on the caller's thread, which suits a store that answers in
     * microseconds (in memory) or does not batch. A store whose saves wait for a round trip, or for
     * other saves to be written with them, completes the stage from the thread that wrote it.
     */
    default CompletionStage<Void> saveTokenAsync(AccessToken token) {
        try {
            saveToken(token);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The token whose access-token digest this is, unless its family was revoked or it was deleted. */
    Optional<AccessToken> fetchByToken(String tokenDigest);

    /**
     * The token whose refresh-token digest this is, while that refresh token is live: not yet
     * retired by {@link #redeemRefreshToken}, family not revoked.
     */
    Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest);

    /**
     * Retires a refresh token, atomically: of any number of concurrent callers, in any number of
     * processes, exactly one gets {@code REDEEMED}; later callers get {@code ALREADY_REDEEMED}
     * (with the token, for reuse detection) until the refresh token would have expired.
     * A revoked family gives {@code NOT_FOUND}.
     */
    Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest);

    /** Removes one access token (revocation of an access token, RFC 7009). Unknown digests are ignored. */
    void deleteToken(String tokenDigest);

    /**
     * Revokes every token of a family, including tokens of that family saved later, until
     * {@code rememberUntil}. Must not need to scan the whole store.
     */
    void revokeFamily(String familyId, Instant rememberUntil);
}
