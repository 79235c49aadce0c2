package org.oauth2kit.grant;

import java.util.Map;

/**
 * A grant that answers an authorization request's {@code response_type} (RFC 6749 §3.1.1). The
 * Provider has established the client and its redirect URI, refused repeated parameters and
 * checked that the client may use {@link #grantType()} and {@link #responseType()}. It then calls
 * {@link #validate} before the user is asked anything, asks the SiteAdapter for the user's sign-in
 * and consent, and calls {@link #authorize} once the user has allowed the request. Errors thrown
 * from either go back to the client's redirect URI (R7).
 */
public interface AuthorizationGrant extends Grant {

    /** The {@code response_type} this grant answers, e.g. {@code code}. */
    String responseType();

    /** True when the response goes in the redirect URI's fragment (as for {@code token}), false for the query. */
    default boolean fragment() {
        return false;
    }

    /**
     * Checks the request's own parameters before the user is asked (e.g. PKCE).
     *
     * @throws org.oauth2kit.error.OAuthBaseError to refuse the request
     */
    default void validate(GrantContext context) {
    }

    /**
     * The user has allowed the request: issue what the redirect carries.
     *
     * @param scopes the scopes granted, as the user saw them
     * @param user   the SiteAdapter's data about the user
     * @return the response parameters in order ({@code state} and {@code iss} are added by the Provider)
     */
    Map<String, String> authorize(GrantContext context, java.util.List<String> scopes, Map<String, String> user);
}
