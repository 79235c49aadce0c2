package org.oauth2kit.grant;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
public final class RefreshToken implements Grant {
    public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);

    private final Scope scope;
    private final Duration accessTokenLifetime;
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
    public RefreshToken(long expiresIn, String defaultScope, List<String> scopes) {
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
    public Scope scope() {
        return scope;
    }

    /** Lifetime of access tokens issued with a refresh token; null means the Provider's default. */
    public Duration accessTokenLifetime() {
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
        private Scope scope = new Scope();
        private Duration accessTokenLifetime;
        private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
        private boolean rotation = true;

        private Builder() {
        }

        public Builder scope(Scope scope) {
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
