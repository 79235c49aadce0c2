package org.oauth2kit;

import java.lang.System.Logger.Level;
import java.util.Optional;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Token revocation, RFC 7009 (R32). Revoking a refresh token revokes its whole family, access
 * tokens included; revoking an access token revokes that token. An unknown token is answered 200,
 * as the RFC says, so the endpoint reveals nothing about tokens the caller does not hold.
 */
final class RevocationEndpoint {
    private final Config config;
    private final ClientAuthentication clientAuthentication;
    private final ProviderEngine engine;

    RevocationEndpoint(Config config, ClientAuthentication clientAuthentication, ProviderEngine engine) {
        this.config = config;
        this.clientAuthentication = clientAuthentication;
        this.engine = engine;
    }

    Response handle(Request request) {
        Params form = TokenEndpoint.readForm(config, request);
        // A failure propagates as ClientAuthentication.Failed; dispatch answers it with 401 (R2).
        ClientAuthentication.Result auth = clientAuthentication.authenticate(request, form, true);
        form.requireNoRepeats();
        String token = form.require("token");
        String hint = form.get("token_type_hint");
        String digest = Digests.sha256(token);
        String clientId = auth.client().clientId();
        boolean refreshFirst = "refresh_token".equals(hint);
        if (refreshFirst ? revokeRefresh(digest, clientId) || revokeAccess(digest, clientId)
                : revokeAccess(digest, clientId) || revokeRefresh(digest, clientId)) {
            Provider.LOG.log(Level.DEBUG, "client " + clientId + " revoked token " + digest.substring(0, 8));
        }
        return Response.of(200, "application/json;charset=UTF-8", "{}")
                .withHeader("Cache-Control", "no-store")
                .withHeader("Pragma", "no-cache");
    }

    private boolean revokeAccess(String digest, String clientId) {
        Optional<AccessToken> token = engine.accessTokenStore().fetchByToken(digest);
        if (token.isEmpty()) {
            return false;
        }
        requireOwner(token.get(), clientId);
        engine.accessTokenStore().deleteToken(digest);
        return true;
    }

    private boolean revokeRefresh(String digest, String clientId) {
        Optional<AccessToken> token = engine.accessTokenStore().fetchByRefreshToken(digest);
        if (token.isEmpty()) {
            return false;
        }
        requireOwner(token.get(), clientId);
        engine.revokeFamily(token.get().familyId());
        return true;
    }

    /** RFC 7009 §2.1: a client may revoke only tokens issued to it. */
    private static void requireOwner(AccessToken token, String clientId) {
        if (!token.clientId().equals(clientId)) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "the token was not issued to this client");
        }
    }
}
