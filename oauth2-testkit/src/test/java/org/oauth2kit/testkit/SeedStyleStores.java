package org.oauth2kit.testkit;

import java.time.Instant;
import java.util.Optional;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.error.AccessTokenNotFound;
import org.oauth2kit.error.AuthCodeNotFound;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.Redemption;

/**
 * A store written the python-oauth2 way: an unknown key is an exception
 * ({@code AccessTokenNotFound}, {@code AuthCodeNotFound}), never an empty result.
 */
final class SeedStyleStores implements AccessTokenStore, AuthCodeStore {
    private final InMemoryStores backend = new InMemoryStores();

    @Override
    public void saveToken(AccessToken token) {
        backend.saveToken(token);
    }

    @Override
    public Optional<AccessToken> fetchByToken(String tokenDigest) {
        return Optional.of(backend.fetchByToken(tokenDigest).orElseThrow(AccessTokenNotFound::new));
    }

    @Override
    public Optional<AccessToken> fetchByRefreshToken(String digest) {
        return Optional.of(backend.fetchByRefreshToken(digest).orElseThrow(AccessTokenNotFound::new));
    }

    @Override
    public Redemption<AccessToken> redeemRefreshToken(String digest) {
        Redemption<AccessToken> r = backend.redeemRefreshToken(digest);
        if (r.outcome() == Redemption.Outcome.NOT_FOUND) {
            throw new AccessTokenNotFound();
        }
        return r;
    }

    @Override
    public void deleteToken(String tokenDigest) {
        if (backend.fetchByToken(tokenDigest).isEmpty()) {
            throw new AccessTokenNotFound();
        }
        backend.deleteToken(tokenDigest);
    }

    @Override
    public void revokeFamily(String familyId, Instant rememberUntil) {
        backend.revokeFamily(familyId, rememberUntil);
    }

    @Override
    public void saveCode(AuthorizationCode code) {
        backend.saveCode(code);
    }

    @Override
    public Optional<AuthorizationCode> fetchByCode(String digest) {
        return Optional.of(backend.fetchByCode(digest).orElseThrow(AuthCodeNotFound::new));
    }

    @Override
    public Redemption<AuthorizationCode> redeemCode(String digest) {
        Redemption<AuthorizationCode> r = backend.redeemCode(digest);
        if (r.outcome() == Redemption.Outcome.NOT_FOUND) {
            throw new AuthCodeNotFound();
        }
        return r;
    }

    String dump() {
        return backend.dump();
    }
}
