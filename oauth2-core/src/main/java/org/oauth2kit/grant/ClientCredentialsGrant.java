package org.oauth2kit.grant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.jspecify.annotations.Nullable;

/**
 * The client credentials grant (RFC 6749 §4.4), two-legged: {@code grant_type=client_credentials}.
 * Confidential clients only, never a refresh token (R22).
 */
public final class ClientCredentialsGrant implements TokenGrant {
    private final ScopePolicy scope;
    private final @Nullable Duration expiresIn;

    /** Ignores {@code scope}, as in the seed. */
    public ClientCredentialsGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public ClientCredentialsGrant(@Nullable String defaultScope, @Nullable List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public ClientCredentialsGrant(ScopePolicy scope) {
        this(scope, null);
    }

    private ClientCredentialsGrant(ScopePolicy scope, @Nullable Duration expiresIn) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.expiresIn = Lifetimes.positiveOrNull(expiresIn);
    }

    /** python-oauth2's {@code expires_in}: the lifetime of access tokens this grant issues. */
    public ClientCredentialsGrant expiresIn(Duration lifetime) {
        return new ClientCredentialsGrant(scope, Objects.requireNonNull(lifetime, "lifetime"));
    }

    @Override
    public String grantType() {
        return GrantTypes.CLIENT_CREDENTIALS;
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        if (!context.client().isConfidential()) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT,
                    "public clients may not use the client_credentials grant");
        }
        return context.engine().issue(Issuance.of(context.client(), GrantTypes.CLIENT_CREDENTIALS, Map.of(),
                context.scopes(scope)).lifetime(expiresIn));
    }
}
