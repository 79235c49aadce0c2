package org.oauth2kit.grant;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The implicit grant (RFC 6749 §4.2): {@code response_type=token}, the token returned in the
 * redirect's fragment. Kept for compatibility with the seed; RFC 9700 advises the code grant with
 * PKCE instead, so clients get it only when their registration allows {@code implicit}. Never
 * issues refresh tokens, and is not a {@code grant_type} at the token endpoint.
 */
public final class ImplicitGrant implements AuthorizationGrant {
    private final ScopePolicy scope;
    private final @Nullable Duration expiresIn;

    /** Ignores {@code scope}, as in the seed. */
    public ImplicitGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public ImplicitGrant(@Nullable String defaultScope, @Nullable List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public ImplicitGrant(ScopePolicy scope) {
        this(scope, null);
    }

    private ImplicitGrant(ScopePolicy scope, @Nullable Duration expiresIn) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.expiresIn = Lifetimes.positiveOrNull(expiresIn);
    }

    /** python-oauth2's {@code expires_in}: the lifetime of access tokens this grant issues. */
    public ImplicitGrant expiresIn(Duration lifetime) {
        return new ImplicitGrant(scope, Objects.requireNonNull(lifetime, "lifetime"));
    }

    @Override
    public String grantType() {
        return GrantTypes.IMPLICIT;
    }

    @Override
    public String responseType() {
        return "token";
    }

    @Override
    public boolean fragment() {
        return true;
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public Map<String, String> authorize(GrantContext context, List<String> scopes, Map<String, String> user) {
        IssuedTokens issued = context.engine().issue(
                Issuance.of(context.client(), GrantTypes.IMPLICIT, user, scopes).lifetime(expiresIn));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("access_token", issued.accessToken());
        out.put("token_type", "Bearer");
        out.put("expires_in", Long.toString(issued.expiresIn()));
        if (!scopes.isEmpty()) {
            out.put("scope", String.join(" ", scopes));
        }
        return out;
    }
}
