package org.oauth2kit.grant;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import org.oauth2kit.Client;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.web.SiteAdapter;
import org.jspecify.annotations.Nullable;

/**
 * What a grant works with: the Provider's stores, SiteAdapter, clock, options, and the token
 * issuer. One per Provider, thread-safe; reached through {@link GrantContext#engine()}.
 */
public interface Engine {

    AccessTokenStore accessTokenStore();

    AuthCodeStore authCodeStore();

    ClientStore clientStore();

    /**
     * Where extensions keep short-lived records (device codes, pushed requests, DPoP {@code jti}s).
     *
     * @throws IllegalStateException when the Provider was built without one
     */
    org.oauth2kit.store.EphemeralStore ephemeralStore();

    /** The issuer identifier (RFC 8414 §2), without a trailing '/'; endpoint URLs start with it. */
    String issuer();

    SiteAdapter siteAdapter();

    /** The clock every expiry is computed and checked against (R30). */
    Clock clock();

    /** The lifetime of authorization codes (R13). */
    Duration codeLifetime();

    /** The Provider's default access-token lifetime. */
    Duration accessTokenLifetime();

    /** Whether confidential clients must use PKCE too. */
    boolean requirePkce();

    /** Whether {@code code_challenge_method=plain} is accepted (R10). */
    boolean allowPlainPkce();

    /**
     * The digest under which a token, code or secret is stored (R29): stores see digests only.
     * It is SHA-256 of the UTF-8 bytes, base64url without padding, and stays so: stored digests
     * must keep matching. Constant-time comparison of digests is {@link #digestsEqual}.
     */
    String digest(String secret);

    /** Compares two digests in constant time; false when either is null. */
    boolean digestsEqual(@Nullable String a, @Nullable String b);

    /** A new random value for a code or handle: 256 bits, base64url. */
    String newSecret();

    /**
     * Makes, stores, then returns tokens (nothing is returned that was not stored first, R36),
     * with the refresh token, family and lifetimes the Provider's options say.
     */
    IssuedTokens issue(Issuance issuance);

    /**
     * The one path for everything that may be used once (codes, refresh tokens, and whatever a
     * grant of its own adds): returns the value when this caller redeemed it; otherwise throws
     * {@code invalid_grant}, and when the value was already redeemed <em>by the same client</em>,
     * revokes its family first, because a second use means a copy is in other hands (R15, R25).
     *
     * @param redemption what the store's atomic redemption answered
     * @param client     the authenticated client
     * @param clientId   the client a value was issued to
     * @param familyId   the family to revoke on reuse
     * @param what       for the error and the log, e.g. {@code "authorization code"}
     */
    <T> T redeemOnce(Redemption<T> redemption, Client client, Function<T, String> clientId,
            Function<T, String> familyId, String what);

    /**
     * An OpenID Connect ID token (Core §2, §3.1.3.6) for these tokens, when the Provider is an
     * OpenID Provider and {@code openid} is among the scopes; empty otherwise. Signed with the
     * current key; {@code sub} and {@code auth_time} come from the user data ({@code auth_time}, or
     * {@code oidc.auth_time} as the authorization code grant records it).
     *
     * @param nonce       the {@code nonce} of the authorization request, echoed; null when none
     * @param accessToken the access token issued with it, for {@code at_hash}; null when none
     */
    default java.util.Optional<String> idToken(Client client, java.util.Map<String, String> userData,
            java.util.Collection<String> scopes, @Nullable String nonce, @Nullable String accessToken) {
        return idToken(client, userData, scopes, nonce, accessToken, null);
    }

    /**
     * As {@link #idToken(Client, java.util.Map, java.util.Collection, String, String)}, for a
     * hybrid response that also carries {@code code}: then with {@code c_hash} (Core §3.3.2.11).
     */
    java.util.Optional<String> idToken(Client client, java.util.Map<String, String> userData,
            java.util.Collection<String> scopes, @Nullable String nonce, @Nullable String accessToken,
            @Nullable String code);

    /**
     * Checks, before anything is used up, that the tokens about to be issued from a grant with this
     * data can be issued for the request's resources (RFC 8707 §2.2: only within the grant's):
     * {@code invalid_target} otherwise. A grant that redeems something once calls it first, so a
     * request that would fail does not burn the code or refresh token. Nothing to check by default.
     */
    default void checkResources(java.util.Map<String, String> grantData) {
    }

    /** Revokes a family for as long as anything in it could still be used. */
    void revokeFamily(String familyId);
}
