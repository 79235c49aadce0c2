package org.oauth2kit.grant;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.oauth2kit.AccessToken;
import org.oauth2kit.Client;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.jspecify.annotations.Nullable;

/**
 * Refresh tokens (RFC 6749 §6). Adding this grant makes the authorization code and password
 * grants issue a refresh token with each access token.
 *
 * <p>Lifetimes (R27): the seed's {@code RefreshToken(expires_in)} set the lifetime of the
 * <em>access tokens</em> issued alongside refresh tokens, and {@link #RefreshToken(long)} keeps
 * exactly that meaning. The refresh token's own lifetime is {@link Builder#refreshTokenLifetime}
 * (default 30 days).
 *
 * <p>Rotation (R25) is on by default: each use returns a new refresh token and retires the old
 * one; presenting a retired one revokes the whole family (RFC 9700 §4.14.2).
 */
public final class RefreshToken implements TokenGrant {
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);

    private final ScopePolicy scope;
    private final @Nullable Duration accessTokenLifetime;
    private final Duration refreshTokenLifetime;
    private final boolean rotation;

    /**
     * As in the seed: {@code expiresIn} is the lifetime in seconds of the access tokens issued
     * together with refresh tokens. Refresh tokens live 30 days.
     */
    public RefreshToken(long expiresIn) {
        this(builder().accessTokenLifetime(Duration.ofSeconds(expiresIn)));
    }

    /** As the seed's {@code RefreshToken(expires_in, default_scope, scopes)}. */
    public RefreshToken(long expiresIn, @Nullable String defaultScope, @Nullable List<String> scopes) {
        this(builder().accessTokenLifetime(Duration.ofSeconds(expiresIn)).scope(new Scope(scopes, defaultScope)));
    }

    private RefreshToken(Builder b) {
        this.scope = b.scope;
        this.accessTokenLifetime = b.accessTokenLifetime;
        this.refreshTokenLifetime = b.refreshTokenLifetime;
        this.rotation = b.rotation;
        if (accessTokenLifetime != null && (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero())) {
            throw new IllegalArgumentException("access token lifetime must be positive");
        }
        if (refreshTokenLifetime.isNegative() || refreshTokenLifetime.isZero()) {
            throw new IllegalArgumentException("refresh token lifetime must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String grantType() {
        return GrantTypes.REFRESH_TOKEN;
    }

    /**
     * Scopes at the refresh endpoint. A requested scope must be a subset of the original grant
     * (R24) whatever this says; this only matters for scope validation of the syntax.
     */
    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        Engine engine = context.engine();
        Client client = context.client();
        String refreshToken = context.requireParameter("refresh_token");
        String digest = engine.digest(refreshToken);
        String requested = context.parameter("scope");
        Optional<AccessToken> live = engine.accessTokenStore().fetchByRefreshToken(digest);
        if (live.isPresent()) {
            requireSameKey(live.get(), context);
            check(live.get(), context, requested);
            engine.checkResources(live.get().data());
        }
        if (!rotation) {
            AccessToken current = live.orElseThrow(RefreshToken::invalidRefresh);
            List<String> scopes = check(current, context, requested);
            // Rotation off: a new access token, the same refresh token, kept in a new record.
            return withIdToken(context, current, scopes, engine.issue(new Issuance(client, GrantTypes.REFRESH_TOKEN,
                    current.data(), scopes, current.familyId(), false, null)).withRefreshToken(refreshToken));
        }
        AccessToken old = engine.redeemOnce(engine.accessTokenStore().redeemRefreshToken(digest), client,
                AccessToken::clientId, AccessToken::familyId, "refresh token");
        List<String> scopes = check(old, context, requested);
        return withIdToken(context, old, scopes, engine.issue(new Issuance(client, GrantTypes.REFRESH_TOKEN,
                old.data(), scopes, old.familyId(), true, null)));
    }

    /**
     * RFC 9449 §5: a public client's refresh token is bound to the DPoP key it was issued with; a
     * refresh must prove that key. Checked before the token is used, so a failed try costs nothing.
     */
    private static void requireSameKey(AccessToken token, GrantContext context) {
        String bound = token.data().get(AccessToken.CONFIRMATION_JKT);
        if (bound != null && !context.client().isConfidential() && !bound.equals(context.dpopThumbprint())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT,
                    "this refresh token is bound to a DPoP key: send a proof made with that key");
        }
    }

    /** OpenID Connect Core §12.2: a refresh of an OpenID grant returns a fresh ID token. */
    private static IssuedTokens withIdToken(GrantContext context, AccessToken grant, List<String> scopes,
            IssuedTokens issued) {
        return context.engine().idToken(context.client(), grant.data(), scopes, null, issued.accessToken())
                .map(idToken -> issued.withParameter("id_token", idToken)).orElse(issued);
    }

    /** R23, R24, R30: same client, unexpired, scope a subset of the original. Returns the scopes to grant. */
    private static List<String> check(AccessToken token, GrantContext context, String requested) {
        if (!token.clientId().equals(context.client().clientId())
                || token.isRefreshExpired(context.engine().clock().instant())) {
            throw invalidRefresh();
        }
        if (requested == null || requested.isBlank()) {
            return token.scopes();
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>(List.of(requested.trim().split(" +")));
        if (!token.scopes().containsAll(scopes)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "scope exceeds the original grant");
        }
        return List.copyOf(scopes);
    }

    private static OAuthInvalidError invalidRefresh() {
        return new OAuthInvalidError(ErrorCode.INVALID_GRANT, "refresh token is invalid, expired or revoked");
    }

    /** Lifetime of access tokens issued with a refresh token; null means the Provider's default. */
    public @Nullable Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public Duration refreshTokenLifetime() {
        return refreshTokenLifetime;
    }

    public boolean rotation() {
        return rotation;
    }

    /** Builds a {@link RefreshToken}. */
    public static final class Builder {
        private ScopePolicy scope = new Scope();
        private @Nullable Duration accessTokenLifetime;
        private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
        private boolean rotation = true;

        private Builder() {
        }

        public Builder scope(ScopePolicy scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        public Builder refreshTokenLifetime(Duration lifetime) {
            this.refreshTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** Turns rotation off: the same refresh token is used until it expires. Not recommended. */
        public Builder rotation(boolean rotation) {
            this.rotation = rotation;
            return this;
        }

        public RefreshToken build() {
            return new RefreshToken(this);
        }
    }
}
