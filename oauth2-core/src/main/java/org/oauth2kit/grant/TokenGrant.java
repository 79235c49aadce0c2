package org.oauth2kit.grant;

/**
 * A grant served at the token endpoint (RFC 6749 §4.1.3, §4.3, §4.4, §4.5, §6). The Provider has
 * already read the form (POST, size limits, UTF-8, no repeated parameters), authenticated the
 * client, and checked that the client may use {@link #grantType()}; the grant decides the rest
 * and issues tokens through {@link GrantContext#engine()}. The Provider writes the response
 * (RFC 6749 §5.1, with {@code Cache-Control: no-store}).
 */
public interface TokenGrant extends Grant {

    /**
     * Answers one token request.
     *
     * @return what was issued; never null
     * @throws org.oauth2kit.error.OAuthBaseError for an OAuth error, e.g. {@code invalid_grant}
     */
    IssuedTokens token(GrantContext context);
}
