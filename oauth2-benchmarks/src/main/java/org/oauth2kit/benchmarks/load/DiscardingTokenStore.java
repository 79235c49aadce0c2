package org.oauth2kit.benchmarks.load;

import java.time.Instant;
import java.util.Optional;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.Redemption;

/**
 * Keeps nothing: {@code --store discard} measures the Provider and the adapter without the cost
 * of a store, to tell the two apart when a load test falls short. Never a store to serve with.
 */
final class DiscardingTokenStore implements AccessTokenStore, AuthCodeStore {
    @Override
    public void saveToken(AccessToken token) {
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        return Optional.empty();
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
        return Optional.empty();
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
        return Redemption.notFound();
    }

    @Override
    public void deleteToken(String tokenDigest) {
    }

    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
    }

    @Override
    public void saveCode(AuthorizationCode code) {
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
        return Optional.empty();
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
        return Redemption.notFound();
    }
}
