package org.oauth2kit.grant;

import java.util.List;

/**
 * The implicit grant (RFC 6749 §4.2): {@code response_type=token}, the token returned in the redirect's fragment. Kept for compatibility with the seed; RFC 9700 advises the code grant with PKCE instead, so clients get it only when their registration allows {@code implicit}. Never issues refresh tokens.
 */
public final class ImplicitGrant implements Grant {
    private final Scope scope;

    /** Ignores {@code scope}, as in the seed. */
    public ImplicitGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public ImplicitGrant(String defaultScope, List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public ImplicitGrant(Scope scope) {
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String grantType() {
        return GrantTypes.IMPLICIT;
    }

    @Override
    public Scope scope() {
        return scope;
    }
}
