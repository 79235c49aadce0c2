package org.oauth2kit.grant;

/**
 * One way for a client to obtain authorization (RFC 6749 §4), added to the Provider with
 * {@link org.oauth2kit.Provider#addGrant(Grant)}. Grants are configuration: the protocol itself is
 * carried out by the Provider, so every grant behaves the same in every adapter and store.
 */
public sealed interface Grant
        permits AuthorizationCodeGrant, ImplicitGrant, ResourceOwnerGrant, ClientCredentialsGrant, RefreshToken {

    /** The {@link GrantTypes} name, e.g. {@code authorization_code}. */
    String grantType();

    /** How this grant handles {@code scope}. */
    Scope scope();
}
