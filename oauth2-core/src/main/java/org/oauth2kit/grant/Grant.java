package org.oauth2kit.grant;

/**
 * One way for a client to obtain authorization (RFC 6749 §4), registered with
 * {@link org.oauth2kit.Provider.Builder#grant(Grant)}. A grant served at the token endpoint
 * implements {@link TokenGrant}; one that answers an authorization request's
 * {@code response_type} implements {@link AuthorizationGrant}; the authorization code grant is
 * both. The five built-in grants are written on these interfaces and nothing else, so an
 * application's own grant gets exactly what they get (python-oauth2's {@code GrantHandlerFactory}).
 *
 * <p>A client may use a grant only when its registration lists {@link #grantType()}
 * ({@link org.oauth2kit.Client#grantTypes()}).
 */
public interface Grant {

    /**
     * The grant type: the {@code grant_type} value at the token endpoint (an absolute URI for an
     * extension grant, RFC 6749 §4.5), and the name clients are registered for.
     */
    String grantType();

    /** How this grant handles {@code scope}; {@link Scope} is the built-in policy. */
    ScopePolicy scope();
}
