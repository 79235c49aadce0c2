package org.oauth2kit.grant;

import java.util.List;

/**
 * The resource owner password credentials grant (RFC 6749 §4.3): {@code grant_type=password}. The SiteAdapter's {@code authenticate} checks {@code username} and {@code password}; a wrong pair is {@code invalid_grant} (R21). Confidential clients only (R4).
 */
public final class ResourceOwnerGrant implements Grant {
    private final Scope scope;

    /** Ignores {@code scope}, as in the seed. */
    public ResourceOwnerGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public ResourceOwnerGrant(String defaultScope, List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public ResourceOwnerGrant(Scope scope) {
        this.scope = java.util.Objects.requireNonNull(scope, "scope");
    }

    @Override
    public String grantType() {
        return GrantTypes.PASSWORD;
    }

    @Override
    public Scope scope() {
        return scope;
    }
}
