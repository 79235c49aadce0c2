package org.oauth2kit.store;

import java.util.Optional;

import org.oauth2kit.AuthorizationCode;

/**
 * Persists authorization codes by digest (R29). May throw
 * {@link org.oauth2kit.error.StoreUnavailableError}.
 */
public interface AuthCodeStore {

    /** Stores a code until {@link AuthorizationCode#expiresAt()}. */
    void saveCode(AuthorizationCode code);

    /** The code, while it has not been redeemed. */
    Optional<AuthorizationCode> fetchByCode(String codeDigest);

    /**
     * Redeems a code, atomically: of any number of concurrent callers exactly one gets
     * {@code REDEEMED} (R14); later callers get {@code ALREADY_REDEEMED} with the code, so the
     * core can revoke what was issued from it (R15), for as long as the code would have lived.
     */
    Redemption<AuthorizationCode> redeemCode(String codeDigest);
}
