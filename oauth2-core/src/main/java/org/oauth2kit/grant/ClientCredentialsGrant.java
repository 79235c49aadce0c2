package org.oauth2kit.grant;

import java.util.List;

/**
 * The client credentials grant (RFC 6749 §4.4), two-legged: {@code grant_type=client_credentials}. Confidential clients only, never a refresh token (R22).
 */
public final class ClientCredentialsGrant implements Grant {
    private final Scope scope;

    /** Ignores {@code scope}, as in the seed. */
    public ClientCredentialsGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public ClientCredentialsGrant(String defaultScope, List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public ClientCredentialsGrant(Scope scope) {
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String grantType() {
        return GrantTypes.CLIENT_CREDENTIALS;
    }

    @Override
    public Scope scope() {
        return scope;
    }
}
