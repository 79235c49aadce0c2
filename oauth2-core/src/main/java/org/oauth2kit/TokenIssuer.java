package org.oauth2kit;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.Json;
import org.oauth2kit.web.Response;

/** Makes, stores, then returns tokens: nothing is returned that was not stored first (R36). */
final class TokenIssuer {

    /** The plain tokens, for the response only, and the stored record. */
    record Issued(String accessToken, String refreshToken, AccessToken stored, long expiresIn) {
    }

    private final Provider p;

    TokenIssuer(Provider p) {
        this.p = p;
    }

    /**
     * Issues the first token of a new family (a password, client credentials or implicit grant).
     * The family is named by the token's own digest: unique as the token is, without a second
     * random draw, and the same string as the digest, so a store keeps one copy of it.
     */
    Issued issueInNewFamily(Client client, String grantType, Map<String, String> data, List<String> scopes,
            boolean withRefresh) {
        return issue(client, grantType, data, scopes, null, withRefresh);
    }

    /** @param familyId the family the token joins; null for a new family named by the token's digest */
    Issued issue(Client client, String grantType, Map<String, String> data, List<String> scopes, String familyId,
            boolean withRefresh) {
        Instant now = p.clock.instant();
        RefreshToken refreshGrant = withRefresh ? p.refreshGrant().orElse(null) : null;
        boolean refresh = refreshGrant != null && client.grantTypes().contains(GrantTypes.REFRESH_TOKEN);
        Duration lifetime = refresh && refreshGrant.accessTokenLifetime() != null
                ? refreshGrant.accessTokenLifetime() : p.accessTokenLifetime;
        String accessToken = p.tokenGenerator.generate();
        String refreshToken = refresh ? p.tokenGenerator.generate() : null;
        String tokenDigest = Digests.sha256(accessToken);
        AccessToken stored = new AccessToken(tokenDigest, client.clientId(), grantType, data, scopes, now,
                now.plus(lifetime), refresh ? Digests.sha256(refreshToken) : null,
                refresh ? now.plus(refreshGrant.refreshTokenLifetime()) : null,
                familyId == null ? tokenDigest : familyId);
        p.accessTokenStore.saveToken(stored);
        if (Provider.LOG.isLoggable(Level.DEBUG)) {
            Provider.LOG.log(Level.DEBUG, "issued token " + stored.tokenDigest().substring(0, 8) + " to client "
                    + client.clientId() + " by " + grantType);
        }
        return new Issued(accessToken, refreshToken, stored, lifetime.toSeconds());
    }

    /** The RFC 6749 §5.1 response. */
    static Response response(Issued issued) {
        Json json = Json.object()
                .put("access_token", issued.accessToken())
                .put("token_type", "Bearer")
                .put("expires_in", issued.expiresIn());
        if (!issued.stored().scopes().isEmpty()) {
            json.put("scope", String.join(" ", issued.stored().scopes()));
        }
        json.put("refresh_token", issued.refreshToken());
        return Response.json(200, json.toString());
    }
}
