package org.oauth2kit.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.device.DeviceFlow;
import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.exchange.TokenExchangeGrant;
import org.oauth2kit.par.PushedAuthorizationRequests;
import org.oauth2kit.registration.ClientRegistration;
import org.oauth2kit.registration.RegistrationPolicy;
import org.oauth2kit.resource.ProtectedResource;
import org.oauth2kit.store.ClientRegistry;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.ResourceOwnerGrant;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.oidc.SigningKey;
import org.oauth2kit.oidc.SigningKeys;
import org.oauth2kit.web.SiteAdapter;

/**
 * The demo's configuration, the same for every framework and every store: two clients, one user,
 * two scopes, every grant.
 */
public final class DemoConfig {
    /** The seed's confidential client; it may use every grant. */
    public static final String CLIENT_ID = "abc";
    public static final String CLIENT_SECRET = "xyz";
    /** A public client: no secret, so PKCE is required of it. */
    public static final String PUBLIC_CLIENT_ID = "pub";
    public static final String REDIRECT_URI = "http://localhost:8081/callback";
    public static final String USERNAME = "alice";
    public static final String PASSWORD = "wonderland";
    public static final List<String> SCOPES = List.of("read", "write", "openid", "profile", "email");
    public static final String DEFAULT_SCOPE = "read";
    /** What each scope lets a client do, as the consent page explains it. */
    public static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of(
            "read", "see your profile",
            "write", "change your data",
            "openid", "know who you are (sign you in)",
            "profile", "see your name",
            "email", "see your email address");

    /**
     * The key that signs the demo's ID tokens: generated when the demo starts, so tokens signed by
     * one run fail after a restart, and several processes would not share it. An application loads
     * its keys from a file or a key service (docs/openid-connect.md).
     */
    public static final SigningKey SIGNING_KEY = SigningKey.generate("RS256");

    /** Alice's claims, as an application's user directory would supply them. */
    static Map<String, Object> claimsOf(String subject) {
        return USERNAME.equals(subject)
                ? Map.of("name", "Alice Liddell", "given_name", "Alice", "family_name", "Liddell",
                        "email", "alice@example.com", "email_verified", true)
                : Map.of();
    }

    private DemoConfig() {
    }

    /** Both demo clients, with {@link #REDIRECT_URI} and any extra redirect URIs. */
    public static List<Client> clients(List<String> extraRedirectUris) {
        List<String> uris = new ArrayList<>();
        uris.add(REDIRECT_URI);
        extraRedirectUris.stream().filter(u -> !uris.contains(u)).forEach(uris::add);
        // both may use the device flow; abc may also exchange its tokens (RFC 8693)
        return List.of(
                Client.builder(CLIENT_ID).secret(CLIENT_SECRET).redirectUris(uris)
                        .grantTypes(GrantTypes.AUTHORIZATION_CODE, GrantTypes.IMPLICIT, GrantTypes.REFRESH_TOKEN,
                                GrantTypes.PASSWORD, GrantTypes.CLIENT_CREDENTIALS, DeviceFlow.GRANT_TYPE,
                                TokenExchangeGrant.GRANT_TYPE)
                        .build(),
                Client.builder(PUBLIC_CLIENT_ID).redirectUris(uris)
                        .grantTypes(GrantTypes.AUTHORIZATION_CODE, GrantTypes.REFRESH_TOKEN, DeviceFlow.GRANT_TYPE)
                        .build());
    }

    /**
     * The ID-token signing key of processes started with {@code nodeSecret}: an Ed25519 key derived
     * from it, so every process given the same secret signs with, and publishes, the same key. A
     * real deployment loads one key from a file or a key service instead (docs/openid-connect.md).
     */
    public static SigningKey signingKey(String nodeSecret) {
        return signingKey(nodeSecret, null);
    }

    /**
     * The ID-token signing key the options ask for: the private JWK in {@code file} when given,
     * else one derived from {@code nodeSecret}, else the one generated at start-up.
     */
    public static SigningKey signingKey(String nodeSecret, java.nio.file.Path file) {
        if (file != null) {
            try {
                return SigningKey.fromJwk(java.nio.file.Files.readString(file));
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--signing-key " + file + ": " + e.getMessage(), e);
            }
        }
        if (nodeSecret == null) {
            return SIGNING_KEY;
        }
        byte[] seed = derive("signing key", nodeSecret);
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("Ed25519");
            // Ed25519's private key is 32 random bytes: these, from the secret
            g.initialize(java.security.spec.NamedParameterSpec.ED25519, new java.security.SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            java.security.KeyPair pair = g.generateKeyPair();
            String kid = "demo-" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(derive("kid", nodeSecret)).substring(0, 8);
            return SigningKey.eddsa(kid, pair);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make an Ed25519 key", e);
        }
    }

    /** 32 bytes derived from {@code secret} for one {@code purpose}. */
    static byte[] derive(String purpose, String secret) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("oauth2kit demo " + purpose + "\n" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The demo Provider: every grant, scopes {@code read} (default) and {@code write}. */
    public static Provider provider(String issuer, DemoStores stores, SiteAdapter siteAdapter) {
        return provider(issuer, stores, siteAdapter, SIGNING_KEY, false);
    }

    /**
     * The demo Provider, signing ID tokens with {@code key}; with {@code jwtAccessTokens}, access
     * tokens are RFC 9068 JWTs for the audience {@code <issuer>/api}, checked by signature alone.
     */
    public static Provider provider(String issuer, DemoStores stores, SiteAdapter siteAdapter, SigningKey key,
            boolean jwtAccessTokens) {
        OpenIdConnect.Builder oidc = OpenIdConnect.builder(SigningKeys.of(key))
                .claims((subject, user, scopes) -> claimsOf(subject));
        if (jwtAccessTokens) {
            oidc.jwtAccessTokens(issuer + "/api", true);
        }
        Scope scope = new Scope(SCOPES, DEFAULT_SCOPE);
        DeviceFlow device = DeviceFlow.builder().scope(scope).build();
        Provider.Builder builder = Provider.builder()
                .issuer(issuer)
                .accessTokenStore(stores.tokens())
                .authCodeStore(stores.codes())
                .clientStore(stores.clients())
                .ephemeralStore(stores.ephemeral())
                .siteAdapter(siteAdapter)
                .grant(new AuthorizationCodeGrant(scope))
                .grant(new ImplicitGrant(scope))
                .grant(new ResourceOwnerGrant(scope))
                .grant(new ClientCredentialsGrant(scope))
                // refresh tokens rotate on every use (the core's rule); access tokens they buy live an hour
                .grant(RefreshToken.builder().scope(scope).build())
                // RFC 8628: a device shows a code; the person allows it at /device, the device polls
                .grant(device.grant())
                .endpoint(device.authorizationEndpoint())
                .endpoint(device.verificationEndpoint())
                // RFC 9126: requests pushed to /par first; not required of anyone in the demo
                .endpoint(PushedAuthorizationRequests.builder().build())
                // RFC 8693: a client exchanges its own token for a narrower one
                .grant(new TokenExchangeGrant(scope, TokenExchangeGrant.ExchangePolicy.OWN_TOKENS))
                // RFC 9449: a request with a DPoP proof gets tokens bound to its key; /api/me then wants proofs
                .dpop(Dpop.builder().build())
                // RFC 8707 and RFC 9728: /api/me is a resource; tokens name it in aud, its 401 names its metadata
                .resource(ProtectedResource.of(issuer + "/api/me", SCOPES, "The demo API"))
                // an OpenID Provider too: ID tokens for "openid", UserInfo, discovery, JWKS
                .openIdConnect(oidc.build());
        if (stores.clients() instanceof ClientRegistry registry) {
            // RFC 7591/7592: open registration, as a demo may have it; a brake on floods all the same
            builder.endpoint(ClientRegistration.builder(registry)
                    .policy(RegistrationPolicy.open().and(RegistrationPolicy.perMinute(120))).build());
        }
        return builder.build();
    }

    /** The demo Provider on the memory store, with the demo SiteAdapter: what each example's main uses. */
    public static Provider memoryProvider(String issuer) {
        return provider(issuer, DemoStores.memory(clients(List.of())), new DemoSiteAdapter(issuer));
    }
}
