package org.oauth2kit.store;

import java.time.Instant;
import java.util.Optional;

import org.oauth2kit.AccessToken;
import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.Client;
import org.oauth2kit.error.AccessTokenNotFound;
import org.oauth2kit.error.AuthCodeNotFound;
import org.oauth2kit.error.ClientNotFoundError;

/**
 * python-oauth2's stores raise {@code AccessTokenNotFound}, {@code AuthCodeNotFound} and
 * {@code ClientNotFoundError} for an unknown key, and a store ported from it may do the same.
 * These wrappers turn those exceptions (and a null where an {@code Optional} or a
 * {@code Redemption} belongs) into "not found". The Provider wraps every store it is given, so no
 * endpoint or grant has to know; the store contract tests a store through them too.
 */
public final class SeedCompatible {
    private SeedCompatible() {
    }

    public static AccessTokenStore tolerant(AccessTokenStore store) {
        return store instanceof Tokens ? store : new Tokens(store);
    }

    public static AuthCodeStore tolerant(AuthCodeStore store) {
        return store instanceof Codes ? store : new Codes(store);
    }

    public static ClientStore tolerant(ClientStore store) {
        return store instanceof Clients ? store : new Clients(store);
    }

    private record Tokens(AccessTokenStore store) implements AccessTokenStore {
        @Override
        public void saveToken(AccessToken token) {
            store.saveToken(token);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> saveTokenAsync(AccessToken token) {
            return store.saveTokenAsync(token);
        }

        @Override
        public Optional<AccessToken> fetchByToken(String tokenDigest) {
            try {
                return orEmpty(store.fetchByToken(tokenDigest));
            } catch (AccessTokenNotFound e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<AccessToken> fetchByRefreshToken(String refreshTokenDigest) {
            try {
                return orEmpty(store.fetchByRefreshToken(refreshTokenDigest));
            } catch (AccessTokenNotFound e) {
                return Optional.empty();
            }
        }

        @Override
        public Redemption<AccessToken> redeemRefreshToken(String refreshTokenDigest) {
            try {
                Redemption<AccessToken> r = store.redeemRefreshToken(refreshTokenDigest);
                return r == null ? Redemption.notFound() : r;
            } catch (AccessTokenNotFound e) {
                return Redemption.notFound();
            }
        }

        @Override
        public void deleteToken(String tokenDigest) {
            try {
                store.deleteToken(tokenDigest);
            } catch (AccessTokenNotFound e) {
                // already gone: what deleting wanted
            }
        }

        @Override
        public void revokeFamily(String familyId, Instant rememberUntil) {
            store.revokeFamily(familyId, rememberUntil);
        }
    }

    private record Codes(AuthCodeStore store) implements AuthCodeStore {
        @Override
        public void saveCode(AuthorizationCode code) {
            store.saveCode(code);
        }

        @Override
        public Optional<AuthorizationCode> fetchByCode(String codeDigest) {
            try {
                return orEmpty(store.fetchByCode(codeDigest));
            } catch (AuthCodeNotFound e) {
                return Optional.empty();
            }
        }

        @Override
        public Redemption<AuthorizationCode> redeemCode(String codeDigest) {
            try {
                Redemption<AuthorizationCode> r = store.redeemCode(codeDigest);
                return r == null ? Redemption.notFound() : r;
            } catch (AuthCodeNotFound e) {
                return Redemption.notFound();
            }
        }
    }

    private record Clients(ClientStore store) implements ClientStore {
        @Override
        public Optional<Client> fetchByClientId(String clientId) {
            try {
                return orEmpty(store.fetchByClientId(clientId));
            } catch (ClientNotFoundError e) {
                return Optional.empty();
            }
        }
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
