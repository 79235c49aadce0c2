package org.oauth2kit;

import java.util.List;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.Issuance;
import org.oauth2kit.grant.IssuedTokens;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.Json;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.oidc.SigningKey;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.store.SeedCompatible;
import org.oauth2kit.token.SecureRandomTokenGenerator;
import org.oauth2kit.token.TokenGenerator;
import org.oauth2kit.web.SiteAdapter;
import org.jspecify.annotations.Nullable;

/** The {@link Engine} every grant of a Provider works with, built-in grants included. */
final class ProviderEngine implements Engine {
    private final AccessTokenStore accessTokenStore;
    private final AuthCodeStore authCodeStore;
    private final ClientStore clientStore;
    private final @Nullable EphemeralStore ephemeralStore;
    private final SiteAdapter siteAdapter;
    private final TokenGenerator tokenGenerator;
    private final TokenGenerator secretGenerator = new SecureRandomTokenGenerator();
    private final Config config;
    private final Grants grants;
    /** The longest access-token lifetime any grant asked for; revocations are remembered at least that long. */
    private volatile Duration longestIssued = Duration.ZERO;

    /** The stores and SiteAdapter as the builder holds them, possibly unset: each is checked here. */
    ProviderEngine(@Nullable AccessTokenStore accessTokenStore, @Nullable AuthCodeStore authCodeStore,
            @Nullable ClientStore clientStore, @Nullable EphemeralStore ephemeralStore, @Nullable SiteAdapter siteAdapter,
            @Nullable TokenGenerator tokenGenerator, Config config, Grants grants,
            org.oauth2kit.registration.@Nullable ClientIdMetadataDocuments documents) {
        // Stores written the python-oauth2 way throw "not found" errors; the core sees Optional.empty().
        this.accessTokenStore = SeedCompatible.tolerant(Objects.requireNonNull(accessTokenStore, "accessTokenStore"));
        this.authCodeStore = SeedCompatible.tolerant(Objects.requireNonNull(authCodeStore, "authCodeStore"));
        ClientStore clients = SeedCompatible.tolerant(Objects.requireNonNull(clientStore, "clientStore"));
        // a registration with a lifetime (RFC 7591) ends: the client is then unknown everywhere
        ClientStore resolved = documents == null ? clients : id -> id != null && documents.names(id)
                ? documents.resolve(id, config.clock()) : clients.fetchByClientId(id);
        this.clientStore = id -> resolved.fetchByClientId(id).filter(c -> {
            String end = c.metadata(org.oauth2kit.registration.ClientRegistration.EXPIRES_AT);
            return end == null || config.clock().instant().isBefore(Instant.ofEpochSecond(Long.parseLong(end)));
        });
        this.ephemeralStore = ephemeralStore;
        this.siteAdapter = Objects.requireNonNull(siteAdapter, "siteAdapter");
        this.tokenGenerator = tokenGenerator == null ? new SecureRandomTokenGenerator() : tokenGenerator;
        this.config = config;
        this.grants = grants;
    }

    @Override
    public AccessTokenStore accessTokenStore() {
        return accessTokenStore;
    }

    @Override
    public AuthCodeStore authCodeStore() {
        return authCodeStore;
    }

    @Override
    public ClientStore clientStore() {
        return clientStore;
    }

    @Override
    public EphemeralStore ephemeralStore() {
        if (ephemeralStore == null) {
            throw new IllegalStateException("this Provider has no EphemeralStore: set Provider.Builder.ephemeralStore "
                    + "(every store module offers one)");
        }
        return ephemeralStore;
    }

    @Override
    public String issuer() {
        return config.issuer();
    }

    @Override
    public SiteAdapter siteAdapter() {
        return siteAdapter;
    }

    @Override
    public Clock clock() {
        return config.clock();
    }

    @Override
    public Duration codeLifetime() {
        return config.codeLifetime();
    }

    @Override
    public Duration accessTokenLifetime() {
        return config.accessTokenLifetime();
    }

    @Override
    public boolean requirePkce() {
        return config.requirePkce();
    }

    @Override
    public boolean allowPlainPkce() {
        return config.allowPlainPkce();
    }

    @Override
    public String digest(String secret) {
        return Digests.sha256(secret);
    }

    @Override
    public boolean digestsEqual(String a, String b) {
        return a != null && b != null && Digests.constantTimeEquals(a, b);
    }

    @Override
    public String newSecret() {
        return secretGenerator.generate();
    }

    /**
     * The family is named by the first token's own digest when none is given: unique as the token
     * is, without a second random draw, and the same string as the digest, so a store keeps one copy.
     */
    @Override
    public IssuedTokens issue(Issuance issuance) {
        return issue(issuance, List.of());
    }

    /**
     * Issues for the {@code requested} resources (RFC 8707 §2.2; empty when none were named): within
     * the grant's resources when it has any ({@code invalid_target} otherwise), else the grant's
     * resources, else every resource the client may use.
     */
    IssuedTokens issue(Issuance issuance, List<String> requested) {
        return issue(issuance, requested, null);
    }

    /**
     * @param pending where the save goes when the request is answered once it completes
     *                ({@link Provider#dispatchAsync}); null to save before returning
     */
    IssuedTokens issue(Issuance issuance, List<String> requested, @Nullable PendingSaves pending) {
        if (config.resources().enabled()) {
            issuance = withAudience(issuance, requested);
        }
        Instant now = config.clock().instant();
        Client client = issuance.client();
        RefreshToken refreshGrant = issuance.refresh() ? grants.refreshGrant().orElse(null) : null;
        boolean refresh = refreshGrant != null && client.grantTypes().contains(GrantTypes.REFRESH_TOKEN);
        Duration lifetime = issuance.accessTokenLifetime() != null ? issuance.accessTokenLifetime()
                : refresh && refreshGrant.accessTokenLifetime() != null ? refreshGrant.accessTokenLifetime()
                : config.accessTokenLifetime();
        if (lifetime.compareTo(longestIssued) > 0) {
            longestIssued = lifetime;
        }
        OpenIdConnect oidc = config.openIdConnect();
        String accessToken = oidc != null && oidc.jwtAudience() != null
                ? jwtAccessToken(oidc, issuance, now, lifetime) : tokenGenerator.generate();
        String refreshToken = refresh ? tokenGenerator.generate() : null;
        String tokenDigest = Digests.sha256(accessToken);
        AccessToken stored = new AccessToken(tokenDigest, client.clientId(), issuance.grantType(), issuance.data(),
                issuance.scopes(), now, now.plus(lifetime), refresh ? Digests.sha256(refreshToken) : null,
                refresh ? now.plus(refreshGrant.refreshTokenLifetime()) : null,
                issuance.familyId() == null ? tokenDigest : issuance.familyId());
        if (pending == null) {
            accessTokenStore.saveToken(stored);
        } else {
            pending.add(accessTokenStore.saveTokenAsync(stored));
        }
        if (Provider.LOG.isLoggable(Level.DEBUG)) {
            Provider.LOG.log(Level.DEBUG, "issued token " + tokenDigest.substring(0, 8) + " to client "
                    + client.clientId() + " by " + issuance.grantType());
        }
        return new IssuedTokens(accessToken, refreshToken, stored, lifetime.toSeconds());
    }

    /** {@code invalid_target} when {@code requested} is not within the resources of a grant with this data. */
    void checkResources(Map<String, String> grantData, List<String> requested) {
        List<String> granted = granted(grantData);
        if (!requested.isEmpty() && !granted.isEmpty() && !granted.containsAll(requested)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_TARGET,
                    "a resource may only narrow the grant's resources, not widen them");
        }
    }

    private static List<String> granted(Map<String, String> data) {
        String text = data.get(AccessToken.RESOURCES);
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split(" +"));
    }

    private Issuance withAudience(Issuance issuance, List<String> requested) {
        checkResources(issuance.data(), requested);
        List<String> granted = granted(issuance.data());
        List<String> audience;
        if (!requested.isEmpty()) {
            audience = requested;
        } else {
            audience = granted.isEmpty() ? config.resources().defaults(issuance.client()) : granted;
        }
        Map<String, String> data = new java.util.LinkedHashMap<>(issuance.data());
        if (granted.isEmpty() && !audience.isEmpty()) {
            data.put(AccessToken.RESOURCES, String.join(" ", audience));
        }
        if (audience.isEmpty()) {
            data.remove(AccessToken.AUDIENCE);
        } else {
            data.put(AccessToken.AUDIENCE, String.join(" ", audience));
        }
        return new Issuance(issuance.client(), issuance.grantType(), data, issuance.scopes(), issuance.familyId(),
                issuance.refresh(), issuance.accessTokenLifetime());
    }

    /** RFC 9068: the access token as a signed JWT, with a random {@code jti} that makes each unique. */
    private String jwtAccessToken(OpenIdConnect oidc, Issuance issuance, Instant now, Duration lifetime) {
        String clientId = issuance.client().clientId();
        String subject = issuance.data().get("sub");
        Json claims = Json.object()
                .put("iss", config.issuer())
                // RFC 9068 §2.2: the resource owner, or the client itself when there is none
                .put("sub", subject != null ? subject : clientId)
                .putValue("aud", audienceClaim(oidc.jwtAudience(), issuance.data().get(AccessToken.AUDIENCE)))
                .put("exp", now.plus(lifetime).getEpochSecond())
                .put("iat", now.getEpochSecond())
                .put("jti", secretGenerator.generate())
                .put("client_id", clientId);
        if (!issuance.scopes().isEmpty()) {
            claims.put("scope", String.join(" ", issuance.scopes()));
        }
        String jkt = issuance.data().get(AccessToken.CONFIRMATION_JKT);
        if (jkt != null) {
            claims.putRaw("cnf", Json.object().put("jkt", jkt).toString()); // RFC 9449 §6.1
        }
        String actor = issuance.data().get(AccessToken.ACTOR_SUBJECT);
        if (actor != null) {
            claims.putRaw("act", Json.object().put("sub", actor).toString());
        }
        return oidc.keys().current().sign("at+jwt", claims.toString());
    }

    @Override
    public <T> T redeemOnce(Redemption<T> redemption, Client client, Function<T, String> clientId,
            Function<T, String> familyId, String what) {
        switch (redemption.outcome()) {
            case REDEEMED -> {
                return redemption.value();
            }
            case ALREADY_REDEEMED -> {
                T used = redemption.value();
                if (client.clientId().equals(clientId.apply(used))) {
                    // R15, R25: a second use means someone else holds a copy; revoke what it bought.
                    String family = familyId.apply(used);
                    revokeFamily(family);
                    Provider.LOG.log(Level.WARNING, what + " of family " + prefix(family) + " presented again by client "
                            + client.clientId() + "; the family is revoked");
                }
                throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, what + " is invalid, expired or already used");
            }
            default -> throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, what + " is invalid, expired or already used");
        }
    }

    @Override
    public Optional<String> idToken(Client client, Map<String, String> userData, Collection<String> scopes,
            @Nullable String nonce, @Nullable String accessToken, @Nullable String code) {
        OpenIdConnect oidc = config.openIdConnect();
        if (oidc == null || !scopes.contains("openid")) {
            return Optional.empty();
        }
        String subject = userData.get("sub");
        if (subject == null) {
            throw new IllegalStateException("OpenID Connect needs the user's id under \"sub\" in the SiteAdapter's data");
        }
        Instant now = config.clock().instant();
        String authTime = userData.getOrDefault("auth_time", userData.get(OpenIdConnect.AUTH_TIME_KEY));
        SigningKey key = oidc.keys().current();
        Json claims = Json.object()
                .put("iss", config.issuer())
                .put("sub", subject)
                .put("aud", client.clientId())
                .put("azp", client.clientId())
                .put("exp", now.plus(oidc.idTokenLifetime()).getEpochSecond())
                .put("iat", now.getEpochSecond());
        if (authTime != null) {
            claims.put("auth_time", Long.parseLong(authTime));
        }
        claims.put("nonce", nonce);
        if (accessToken != null) {
            claims.put("at_hash", halfHash(key.alg(), accessToken));
        }
        if (code != null) {
            claims.put("c_hash", halfHash(key.alg(), code));
        }
        return Optional.of(key.sign("JWT", claims.toString()));
    }


    /** Core §3.1.3.6: the left half of the hash of the token, with the signature's hash function. */
    private static String halfHash(String alg, String token) {
        if ("EdDSA".equals(alg)) {
            // Ed25519 signs with SHA-512 inside; for at_hash, OpenID uses SHA-512 with EdDSA as well
            byte[] full = sha("SHA-512", token);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 32));
        }
        byte[] full = sha("SHA-256", token);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
    }

    private static byte[] sha(String algorithm, String value) {
        try {
            return java.security.MessageDigest.getInstance(algorithm)
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is in every JDK", e);
        }
    }

    @Override
    public void revokeFamily(String familyId) {
        Duration remember = grants.longestLifetime(config);
        if (longestIssued.compareTo(remember) > 0) {
            remember = longestIssued;
        }
        accessTokenStore.revokeFamily(familyId, config.clock().instant().plus(remember));
    }

    /** A log-safe prefix of a family id (itself a digest, or derived from one). */
    private static String prefix(String family) {
        return family.length() > 10 ? family.substring(0, 10) : family;
    }

    /** RFC 9068 §2.2 and RFC 8707: the resource server audience, and the resources the token is for. */
    private static Object audienceClaim(String jwtAudience, String resources) {
        if (resources == null || resources.isBlank()) {
            return jwtAudience; // a single audience is a string (RFC 7519 §4.1.3)
        }
        java.util.LinkedHashSet<String> aud = new java.util.LinkedHashSet<>();
        aud.add(jwtAudience);
        aud.addAll(List.of(resources.trim().split(" +")));
        return List.copyOf(aud);
    }
}
