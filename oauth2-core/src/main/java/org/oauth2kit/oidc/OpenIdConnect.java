package org.oauth2kit.oidc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Makes a Provider an OpenID Provider (OpenID Connect Core 1.0, Discovery 1.0): ID tokens for the
 * authorization code grant when {@code openid} is among the granted scopes (and again on refresh,
 * Core §12.2), a UserInfo endpoint, the discovery document and the JWKS endpoint. Given to
 * {@link org.oauth2kit.Provider.Builder#openIdConnect(OpenIdConnect)}.
 *
 * <pre>{@code
 * OpenIdConnect oidc = OpenIdConnect.builder(SigningKeys.of(key))
 *         .claims((sub, user, scopes) -> users.claimsOf(sub))
 *         .build();
 * }</pre>
 *
 * <p>The grants' scope policies must allow {@code openid} (and {@code profile}, {@code email},
 * {@code address}, {@code phone} as the application wishes). The SiteAdapter's user data must hold
 * the user's id under {@code sub}; an {@code auth_time} there (epoch seconds) is the time the user
 * signed in, otherwise the time the code was issued is used.
 */
public final class OpenIdConnect {
    /** The claims each standard scope gives access to (Core §5.4). */
    public static final Map<String, List<String>> SCOPE_CLAIMS = Map.of(
            "profile", List.of("name", "family_name", "given_name", "middle_name", "nickname", "preferred_username",
                    "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"),
            "email", List.of("email", "email_verified"),
            "address", List.of("address"),
            "phone", List.of("phone_number", "phone_number_verified"));

    /** The user-data key under which the authorization code keeps the request's {@code nonce}. */
    public static final String NONCE_KEY = "oidc.nonce";
    /** The user-data key holding when the user authorized (epoch seconds), unless the SiteAdapter gave {@code auth_time}. */
    public static final String AUTH_TIME_KEY = "oidc.auth_time";

    private final SigningKeys keys;
    private final ClaimsSource claims;
    private final Duration idTokenLifetime;
    private final String userinfoPath;
    private final String jwksPath;
    private final String discoveryPath;
    private final @Nullable String jwtAudience;
    private final boolean validateJwtLocally;

    private OpenIdConnect(Builder b) {
        this.keys = b.keys;
        this.claims = b.claims;
        this.idTokenLifetime = b.idTokenLifetime;
        if (idTokenLifetime.isNegative() || idTokenLifetime.isZero()) {
            throw new IllegalArgumentException("the ID token lifetime must be positive");
        }
        this.userinfoPath = b.userinfoPath;
        this.jwksPath = b.jwksPath;
        this.discoveryPath = b.discoveryPath;
        this.jwtAudience = b.jwtAudience;
        this.validateJwtLocally = b.validateJwtLocally;
    }

    /** The {@code aud} of JWT access tokens; null when access tokens are opaque (the default). */
    public @Nullable String jwtAudience() {
        return jwtAudience;
    }

    /** Whether bearer protection checks JWT access tokens by their signature alone, without the store. */
    public boolean validateJwtLocally() {
        return validateJwtLocally;
    }

    public static Builder builder(SigningKeys keys) {
        return new Builder(keys);
    }

    public SigningKeys keys() {
        return keys;
    }

    public ClaimsSource claims() {
        return claims;
    }

    public Duration idTokenLifetime() {
        return idTokenLifetime;
    }

    public String userinfoPath() {
        return userinfoPath;
    }

    public String jwksPath() {
        return jwksPath;
    }

    /** Below the mount point, as Discovery §4 appends it to the issuer. */
    public String discoveryPath() {
        return discoveryPath;
    }

    /** Every claim name the standard scopes among {@code scopes} allow. */
    public static Set<String> claimsAllowed(Set<String> scopes) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String scope : scopes) {
            allowed.addAll(SCOPE_CLAIMS.getOrDefault(scope, List.of()));
        }
        return allowed;
    }

    /** Every claim the standard scopes can give, for {@code claims_supported}. */
    public static List<String> claimsSupported() {
        List<String> all = new ArrayList<>(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash",
                "azp"));
        for (String scope : List.of("profile", "email", "address", "phone")) {
            all.addAll(SCOPE_CLAIMS.get(scope));
        }
        return all;
    }

    /** Builds an {@link OpenIdConnect}. */
    public static final class Builder {
        private final SigningKeys keys;
        private ClaimsSource claims = (sub, user, scopes) -> Map.of();
        private Duration idTokenLifetime = Duration.ofMinutes(10);
        private String userinfoPath = "/userinfo";
        private String jwksPath = "/jwks";
        private String discoveryPath = "/.well-known/openid-configuration";
        private @Nullable String jwtAudience;
        private boolean validateJwtLocally;

        private Builder(SigningKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** Where the UserInfo endpoint's claims come from; by default none but {@code sub}. */
        public Builder claims(ClaimsSource source) {
            this.claims = Objects.requireNonNull(source, "source");
            return this;
        }

        /** How long an ID token is valid; default 10 minutes. */
        public Builder idTokenLifetime(Duration lifetime) {
            this.idTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        public Builder userinfoPath(String path) {
            this.userinfoPath = path(path);
            return this;
        }

        public Builder jwksPath(String path) {
            this.jwksPath = path(path);
            return this;
        }

        /**
         * Issues access tokens as JWTs (RFC 9068: {@code typ: at+jwt}, {@code iss}, {@code sub},
         * {@code aud}, {@code exp}, {@code iat}, {@code jti}, {@code client_id}, {@code scope}),
         * signed with these keys, for the resource servers named by {@code audience}. They are
         * still stored (as digests), so introspection and revocation work as for opaque tokens.
         *
         * @param validateLocally true: the Provider's bearer protection checks them by signature,
         *                        {@code typ}, {@code iss}, {@code aud} and {@code exp} alone, without
         *                        reading the store, so a revoked token stays valid until it expires;
         *                        false: it also asks the store, so revocation takes effect at once
         */
        public Builder jwtAccessTokens(String audience, boolean validateLocally) {
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException("JWT access tokens need an audience");
            }
            this.jwtAudience = audience;
            this.validateJwtLocally = validateLocally;
            return this;
        }

        public OpenIdConnect build() {
            return new OpenIdConnect(this);
        }

        private static String path(String p) {
            if (p == null || !p.startsWith("/")) {
                throw new IllegalArgumentException("endpoint paths start with '/': " + p);
            }
            return p;
        }
    }
}
