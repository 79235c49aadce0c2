package org.oauth2kit;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.Issuance;
import org.oauth2kit.grant.IssuedTokens;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.store.AuthCodeStore;
import org.oauth2kit.store.ClientStore;
import org.oauth2kit.store.EphemeralStore;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.web.SiteAdapter;

/**
 * The Engine a grant gets at the token endpoint: the Provider's, except that what it issues is
 * bound to the key of the request's DPoP proof (RFC 9449 §6), or to none, and is for the resources
 * the request names (RFC 8707 §2.2). So every grant, an application's own included, binds its
 * tokens and sets their audience without knowing about either, and no grant can carry an old
 * token's binding over to a request that did not prove the key.
 */
final class RequestEngine implements Engine {
    private final ProviderEngine engine;
    private final @Nullable String thumbprint;
    private final List<String> resources;
    private final @Nullable PendingSaves pending;

    /**
     * @param resources the request's {@code resource} values, already known and allowed
     * @param pending   where token saves go when the answer waits for them; null to save at once
     */
    RequestEngine(ProviderEngine engine, @Nullable String thumbprint, List<String> resources,
            @Nullable PendingSaves pending) {
        this.engine = engine;
        this.thumbprint = thumbprint;
        this.resources = resources;
        this.pending = pending;
    }

    @Override
    public IssuedTokens issue(Issuance issuance) {
        String carried = issuance.data().get(AccessToken.CONFIRMATION_JKT);
        if (thumbprint == null && carried == null || thumbprint != null && thumbprint.equals(carried)) {
            return engine.issue(issuance, resources, pending);
        }
        Map<String, String> data = new LinkedHashMap<>(issuance.data());
        if (thumbprint == null) {
            data.remove(AccessToken.CONFIRMATION_JKT);
        } else {
            data.put(AccessToken.CONFIRMATION_JKT, thumbprint);
        }
        return engine.issue(new Issuance(issuance.client(), issuance.grantType(), data, issuance.scopes(),
                issuance.familyId(), issuance.refresh(), issuance.accessTokenLifetime()), resources, pending);
    }

    @Override
    public void checkResources(Map<String, String> grantData) {
        engine.checkResources(grantData, resources);
    }

    @Override
    public AccessTokenStore accessTokenStore() {
        return engine.accessTokenStore();
    }

    @Override
    public AuthCodeStore authCodeStore() {
        return engine.authCodeStore();
    }

    @Override
    public ClientStore clientStore() {
        return engine.clientStore();
    }

    @Override
    public EphemeralStore ephemeralStore() {
        return engine.ephemeralStore();
    }

    @Override
    public String issuer() {
        return engine.issuer();
    }

    @Override
    public SiteAdapter siteAdapter() {
        return engine.siteAdapter();
    }

    @Override
    public Clock clock() {
        return engine.clock();
    }

    @Override
    public Duration codeLifetime() {
        return engine.codeLifetime();
    }

    @Override
    public Duration accessTokenLifetime() {
        return engine.accessTokenLifetime();
    }

    @Override
    public boolean requirePkce() {
        return engine.requirePkce();
    }

    @Override
    public boolean allowPlainPkce() {
        return engine.allowPlainPkce();
    }

    @Override
    public String digest(String secret) {
        return engine.digest(secret);
    }

    @Override
    public boolean digestsEqual(@Nullable String a, @Nullable String b) {
        return engine.digestsEqual(a, b);
    }

    @Override
    public String newSecret() {
        return engine.newSecret();
    }

    @Override
    public <T> T redeemOnce(Redemption<T> redemption, Client client, Function<T, String> clientId,
            Function<T, String> familyId, String what) {
        return engine.redeemOnce(redemption, client, clientId, familyId, what);
    }

    @Override
    public Optional<String> idToken(Client client, Map<String, String> userData, Collection<String> scopes,
            @Nullable String nonce, @Nullable String accessToken, @Nullable String code) {
        return engine.idToken(client, userData, scopes, nonce, accessToken, code);
    }

    @Override
    public void revokeFamily(String familyId) {
        engine.revokeFamily(familyId);
    }
}
