package org.oauth2kit.grant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.error.UserNotAuthenticated;
import org.jspecify.annotations.Nullable;

/**
 * The resource owner password credentials grant (RFC 6749 §4.3): {@code grant_type=password}. The
 * SiteAdapter's {@link org.oauth2kit.web.SiteAdapter#authenticateResourceOwner} checks
 * {@code username} and {@code password}; a wrong pair is {@code invalid_grant} (R21). Confidential
 * clients only (R4). A Provider with this grant refuses to start unless its SiteAdapter implements
 * that method (R38).
 */
public final class ResourceOwnerGrant implements TokenGrant {
    private final ScopePolicy scope;
    private final @Nullable Duration expiresIn;

    /** Ignores {@code scope}, as in the seed. */
    public ResourceOwnerGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public ResourceOwnerGrant(@Nullable String defaultScope, @Nullable List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public ResourceOwnerGrant(ScopePolicy scope) {
        this(scope, null);
    }

    private ResourceOwnerGrant(ScopePolicy scope, @Nullable Duration expiresIn) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.expiresIn = Lifetimes.positiveOrNull(expiresIn);
    }

    /** python-oauth2's {@code expires_in}: the lifetime of access tokens this grant issues. */
    public ResourceOwnerGrant expiresIn(Duration lifetime) {
        return new ResourceOwnerGrant(scope, Objects.requireNonNull(lifetime, "lifetime"));
    }

    @Override
    public String grantType() {
        return GrantTypes.PASSWORD;
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        if (!context.client().isConfidential()) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "public clients may not use the password grant");
        }
        String username = context.requireParameter("username");
        String password = context.requireParameter("password");
        List<String> scopes = context.scopes(scope);
        Map<String, String> user;
        try {
            user = context.engine().siteAdapter().authenticateResourceOwner(username, password, context.request(),
                    context.environ(), scopes, context.client());
        } catch (UserNotAuthenticated e) {
            user = null;
        }
        if (user == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "invalid username or password");
        }
        return context.engine().issue(new Issuance(context.client(), GrantTypes.PASSWORD, user, scopes, null, true,
                expiresIn));
    }
}
