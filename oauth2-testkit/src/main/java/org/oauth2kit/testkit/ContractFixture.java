package org.oauth2kit.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.oauth2kit.Client;
import org.oauth2kit.Provider;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.ClientCredentialsGrant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.grant.ResourceOwnerGrant;
import org.oauth2kit.grant.Scope;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.ClientStore;

/**
 * The configuration every contract runs: the seed's client {@code abc}/{@code xyz} with redirect
 * URI {@code http://localhost:8081/callback}, a public client {@code pub}, a confidential client
 * {@code other}/{@code secret2} limited to client credentials, a second confidential client
 * {@code abc2}/{@code xyz2} with every grant, scopes {@code read} (default) and {@code write},
 * every grant added, and the sample extension grant {@link ApiKeyGrant} (client {@code abc} only).
 */
public final class ContractFixture {
    public static final String ISSUER = "https://issuer.example";
    public static final String CLIENT_ID = "abc";
    public static final String CLIENT_SECRET = "xyz";
    public static final String CLIENT2_ID = "abc2";
    public static final String CLIENT2_SECRET = "xyz2";
    public static final String PUBLIC_CLIENT_ID = "pub";
    public static final String CC_ONLY_CLIENT_ID = "other";
    public static final String CC_ONLY_CLIENT_SECRET = "secret2";
    public static final String REDIRECT_URI = "http://localhost:8081/callback";
    public static final String SECOND_REDIRECT_URI = "http://localhost:8081/other";
    public static final List<String> SCOPES = List.of("read", "write");
    /** The API key of {@link ApiKeyGrant} served by every contract; it belongs to {@code alice}. */
    public static final String API_KEY = "alice-api-key-0123456789";

    private ContractFixture() {
    }

    /** The clients above, in a map-backed ClientStore. */
    public static ClientStore clients() {
        Map<String, Client> clients = new ConcurrentHashMap<>();
        for (Client c : clientList()) {
            clients.put(c.clientId(), c);
        }
        return id -> Optional.ofNullable(id == null ? null : clients.get(id));
    }

    public static List<Client> clientList() {
        return List.of(
                Client.builder(CLIENT_ID).secret(CLIENT_SECRET).redirectUri(REDIRECT_URI)
                        .grantTypes(GrantTypes.AUTHORIZATION_CODE, GrantTypes.IMPLICIT, GrantTypes.REFRESH_TOKEN,
                                GrantTypes.PASSWORD, GrantTypes.CLIENT_CREDENTIALS, ApiKeyGrant.GRANT_TYPE)
                        .build(),
                Client.builder(CLIENT2_ID).secret(CLIENT2_SECRET).redirectUri(REDIRECT_URI)
                        .redirectUri(SECOND_REDIRECT_URI).build(),
                Client.builder(PUBLIC_CLIENT_ID).redirectUri(REDIRECT_URI).build(),
                Client.builder(CC_ONLY_CLIENT_ID).secret(CC_ONLY_CLIENT_SECRET)
                        .grantTypes(GrantTypes.CLIENT_CREDENTIALS).build());
    }

    /** A builder with the stores, clock, SiteAdapter, issuer and every grant set. */
    public static Provider.Builder builder(AccessTokenStore tokens, AuthCodeStore codes, ClientStore clients,
            MutableClock clock) {
        Scope scope = new Scope(SCOPES, "read");
        return Provider.builder()
                .issuer(ISSUER)
                .accessTokenStore(tokens)
                .authCodeStore(codes)
                .clientStore(clients)
                .siteAdapter(new ContractSiteAdapter())
                .clock(clock)
                .grant(new AuthorizationCodeGrant(scope))
                .grant(new ImplicitGrant(scope))
                .grant(new ResourceOwnerGrant(scope))
                .grant(new ClientCredentialsGrant(scope))
                .grant(RefreshToken.builder().scope(scope).build())
                .grant(new ApiKeyGrant(Map.of(ApiKeyGrant.digestOf(API_KEY), ContractSiteAdapter.USERNAME), scope));
    }

    public static Provider provider(AccessTokenStore tokens, AuthCodeStore codes, MutableClock clock) {
        return builder(tokens, codes, clients(), clock).build();
    }

    public static Provider provider(AccessTokenStore tokens, AuthCodeStore codes, MutableClock clock,
            Consumer<Provider.Builder> customize) {
        Provider.Builder b = builder(tokens, codes, clients(), clock);
        customize.accept(b);
        return b.build();
    }
}
