package org.oauth2kit.grant;

import java.util.List;

/**
 * The authorization code grant (RFC 6749 §4.1), three-legged, with PKCE (RFC 7636): {@code response_type=code} at the authorization endpoint and {@code grant_type=authorization_code} at the token endpoint. PKCE is required of public clients, and of every client when the Provider says so.
 */
public final class AuthorizationCodeGrant implements Grant {
    private final Scope scope;

    /** Ignores {@code scope}, as in the seed. */
    public AuthorizationCodeGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public AuthorizationCodeGrant(String defaultScope, List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public AuthorizationCodeGrant(Scope scope) {
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String grantType() {
        return GrantTypes.AUTHORIZATION_CODE;
    }

    @Override
    public Scope scope() {
        return scope;
    }
}
