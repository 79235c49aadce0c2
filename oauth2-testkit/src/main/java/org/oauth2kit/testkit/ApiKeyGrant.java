package org.oauth2kit.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.grant.GrantContext;
import org.oauth2kit.grant.Issuance;
import org.oauth2kit.grant.IssuedTokens;
import org.oauth2kit.grant.ScopePolicy;
import org.oauth2kit.grant.TokenGrant;

/**
 * A sample extension grant (RFC 6749 §4.5), written on the public grant SPI only, as an
 * application would write its own: a confidential client trades a user's personal API key
 * ({@code api_key}) for an access token and a refresh token acting for that user.
 *
 * <pre>
 * POST /token
 * grant_type=urn:example:grant-type:api-key&amp;api_key=...&amp;scope=read
 * </pre>
 *
 * Keys are kept as digests (from {@link Engine#digest}) and compared in constant time, like every
 * secret of the core. Every contract suite serves it, on every store and adapter.
 */
public final class ApiKeyGrant implements TokenGrant {
    public static final String GRANT_TYPE = "urn:example:grant-type:api-key";

    /** A digest of an API key → the user it belongs to. */
    private final Map<String, String> usersByKeyDigest;
    private final ScopePolicy scope;

    /**
     * @param usersByKeyDigest the {@link #digestOf digest} of each key → user id
     */
    public ApiKeyGrant(Map<String, String> usersByKeyDigest, ScopePolicy scope) {
        this.usersByKeyDigest = Map.copyOf(usersByKeyDigest);
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    /** The digest of a key, as {@link Engine#digest} computes it: SHA-256 of its UTF-8 bytes, base64url. */
    public static String digestOf(String apiKey) {
        return Sha256.of(apiKey);
    }

    @Override
    public String grantType() {
        return GRANT_TYPE;
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        if (!context.client().isConfidential()) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "API keys are traded by confidential clients only");
        }
        Engine engine = context.engine();
        String presented = engine.digest(context.requireParameter("api_key"));
        String user = null;
        for (Map.Entry<String, String> e : usersByKeyDigest.entrySet()) {
            // every entry compared, so the time taken does not tell how close a guess was
            if (engine.digestsEqual(presented, e.getKey())) {
                user = e.getValue();
            }
        }
        if (user == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "unknown API key");
        }
        List<String> scopes = context.scopes(scope);
        return engine.issue(Issuance.of(context.client(), GRANT_TYPE, Map.of("sub", user), scopes).withRefreshToken());
    }
}
