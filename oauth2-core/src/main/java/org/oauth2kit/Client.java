package org.oauth2kit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.internal.Digests;
import org.jspecify.annotations.Nullable;

/**
 * A registered client application. Immutable.
 *
 * <p>A client with a secret is confidential, one without is public (R4). The secret itself is
 * never kept: {@link Builder#secret(String)} takes it once and keeps its SHA-256 digest (R3).
 * SHA-256 without salt or stretching is enough because client secrets are meant to be generated
 * with high entropy (use {@link org.oauth2kit.token.SecureRandomTokenGenerator}); it is not a
 * way to store user passwords.
 */
public final class Client {
    private final String clientId;
    private final @Nullable String secretDigest;
    private final List<String> redirectUris;
    private final Set<String> grantTypes;
    private final Set<String> responseTypes;
    private final Map<String, String> metadata;

    private Client(Builder b) {
        this.clientId = requireText(b.clientId, "clientId");
        this.secretDigest = b.secretDigest;
        this.redirectUris = List.copyOf(b.redirectUris);
        if (b.grantTypes == null) {
            this.grantTypes = secretDigest != null
                    ? Set.of(GrantTypes.AUTHORIZATION_CODE, GrantTypes.IMPLICIT, GrantTypes.REFRESH_TOKEN,
                            GrantTypes.PASSWORD, GrantTypes.CLIENT_CREDENTIALS)
                    : Set.of(GrantTypes.AUTHORIZATION_CODE, GrantTypes.REFRESH_TOKEN);
        } else {
            this.grantTypes = Set.copyOf(b.grantTypes);
        }
        this.metadata = Map.copyOf(b.metadata);
        if (b.responseTypes == null) {
            Set<String> types = new LinkedHashSet<>();
            if (grantTypes.contains(GrantTypes.AUTHORIZATION_CODE)) {
                types.add("code");
            }
            if (grantTypes.contains(GrantTypes.IMPLICIT)) {
                types.add("token");
                // OpenID Connect's front-channel ID tokens, served only where the implicit grant is
                types.add("id_token");
                if (grantTypes.contains(GrantTypes.AUTHORIZATION_CODE)) {
                    types.add("code id_token");
                }
            }
            this.responseTypes = Set.copyOf(types);
        } else {
            this.responseTypes = Set.copyOf(b.responseTypes);
        }
    }

    /** Starts a client; confidential once {@link Builder#secret} is given, public otherwise. */
    public static Builder builder(String clientId) {
        return new Builder(clientId);
    }

    public String clientId() {
        return clientId;
    }

    /** The SHA-256 digest (base64url) of the secret; null for public clients. */
    public @Nullable String secretDigest() {
        return secretDigest;
    }

    public boolean isConfidential() {
        return secretDigest != null;
    }

    /** Registered redirect URIs, compared by exact string equality (R6). */
    public List<String> redirectUris() {
        return redirectUris;
    }

    /**
     * Grant types this client may use ({@code authorization_code}, {@code refresh_token},
     * {@code password}, {@code client_credentials}, and {@code implicit} for the implicit flow).
     * Defaults: confidential clients every grant, public clients the code grant and refresh.
     */
    public Set<String> grantTypes() {
        return grantTypes;
    }

    /** Response types ({@code code}, {@code token}); by default derived from the grant types. */
    public Set<String> responseTypes() {
        return responseTypes;
    }

    /**
     * More of the client's registration (RFC 7591 §2, RFC 7592), as text: {@code client_name},
     * {@code scope} (which then bounds what the client may ask for), and what dynamic registration
     * records ({@code client_id_issued_at}, {@code expires_at}, the digest of the registration access
     * token). Empty for clients configured in code. Stores keep it as they keep the rest.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** One entry of {@link #metadata()}, or null. */
    public @Nullable String metadata(String name) {
        return metadata.get(name);
    }

    /** A builder holding this client's values, to change one of them. */
    public Builder toBuilder() {
        Builder b = new Builder(clientId);
        b.secretDigest = secretDigest;
        b.redirectUris.addAll(redirectUris);
        b.grantTypes = new LinkedHashSet<>(grantTypes);
        b.responseTypes = new LinkedHashSet<>(responseTypes);
        b.metadata.putAll(metadata);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Client c && clientId.equals(c.clientId) && Objects.equals(secretDigest, c.secretDigest)
                && redirectUris.equals(c.redirectUris) && grantTypes.equals(c.grantTypes)
                && responseTypes.equals(c.responseTypes) && metadata.equals(c.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, secretDigest, redirectUris, grantTypes, responseTypes, metadata);
    }

    /** Never shows the digest. */
    @Override
    public String toString() {
        return "Client[" + clientId + (isConfidential() ? ", confidential" : ", public") + "]";
    }

    private static String requireText(@Nullable String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return s;
    }

    /** Builds a {@link Client}. */
    public static final class Builder {
        private final String clientId;
        private @Nullable String secretDigest;
        private final List<String> redirectUris = new ArrayList<>();
        private @Nullable Set<String> grantTypes;
        private @Nullable Set<String> responseTypes;
        private final Map<String, String> metadata = new java.util.LinkedHashMap<>();

        private Builder(String clientId) {
            this.clientId = clientId;
        }

        /** The plain secret; only its digest is kept. Null makes the client public. */
        public Builder secret(@Nullable String secret) {
            this.secretDigest = secret == null ? null : Digests.sha256(requireText(secret, "secret"));
            return this;
        }

        /** A digest as produced by {@link #secretDigest()}, for stores that load clients back. */
        public Builder secretDigest(@Nullable String digest) {
            this.secretDigest = digest;
            return this;
        }

        public Builder redirectUris(List<String> uris) {
            this.redirectUris.clear();
            uris.forEach(this::redirectUri);
            return this;
        }

        public Builder redirectUri(String uri) {
            redirectUris.add(requireText(uri, "redirectUri"));
            return this;
        }

        public Builder grantTypes(String... types) {
            this.grantTypes = new LinkedHashSet<>(List.of(types));
            return this;
        }

        public Builder grantTypes(Set<String> types) {
            this.grantTypes = new LinkedHashSet<>(types);
            return this;
        }

        public Builder responseTypes(String... types) {
            this.responseTypes = new LinkedHashSet<>(List.of(types));
            return this;
        }

        public Builder responseTypes(Set<String> types) {
            this.responseTypes = new LinkedHashSet<>(types);
            return this;
        }

        /** Replaces {@link Client#metadata()}. */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata.clear();
            metadata.forEach(this::metadata);
            return this;
        }

        /** Sets one entry of {@link Client#metadata()}; a null value removes it. */
        public Builder metadata(String name, @Nullable String value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                this.metadata.remove(name);
            } else {
                this.metadata.put(name, value);
            }
            return this;
        }

        public Client build() {
            return new Client(this);
        }
    }
}
