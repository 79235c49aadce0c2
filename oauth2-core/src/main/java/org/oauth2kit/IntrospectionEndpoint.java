package org.oauth2kit;

import java.time.Instant;
import java.util.Optional;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.Json;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Token introspection, RFC 7662 (R33): for authenticated callers that the introspection policy
 * allows (by default every confidential client). Unknown, expired and revoked tokens are all
 * {@code {"active":false}}, nothing more.
 */
final class IntrospectionEndpoint {
    private static final String INACTIVE = Json.object().put("active", false).toString();

    private final Config config;
    private final ClientAuthentication clientAuthentication;
    private final ProviderEngine engine;

    IntrospectionEndpoint(Config config, ClientAuthentication clientAuthentication, ProviderEngine engine) {
        this.config = config;
        this.clientAuthentication = clientAuthentication;
        this.engine = engine;
    }

    Response handle(Request request) {
        Params form = TokenEndpoint.readForm(config, request);
        // A failure propagates as ClientAuthentication.Failed; dispatch answers it with 401 (R2).
        ClientAuthentication.Result auth = clientAuthentication.authenticate(request, form, false);
        if (!config.introspectionPolicy().test(auth.client())) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "this client may not introspect tokens");
        }
        form.requireNoRepeats();
        String token = form.require("token");
        String digest = Digests.sha256(token);
        Instant now = config.clock().instant();
        boolean refreshFirst = "refresh_token".equals(form.get("token_type_hint"));
        String json = refreshFirst ? refresh(digest, now).or(() -> access(digest, now)).orElse(INACTIVE)
                : access(digest, now).or(() -> refresh(digest, now)).orElse(INACTIVE);
        return Response.json(200, json);
    }

    private Optional<String> access(String digest, Instant now) {
        return engine.accessTokenStore().fetchByToken(digest)
                .filter(t -> !t.isExpired(now))
                .map(t -> describe(t, t.data().containsKey(AccessToken.CONFIRMATION_JKT) ? "DPoP" : "Bearer",
                        t.expiresAt()));
    }

    private Optional<String> refresh(String digest, Instant now) {
        return engine.accessTokenStore().fetchByRefreshToken(digest)
                .filter(t -> !t.isRefreshExpired(now))
                .map(t -> describe(t, "refresh_token", t.refreshExpiresAt()));
    }

    private String describe(AccessToken t, String tokenType, Instant exp) {
        Json json = Json.object().put("active", true);
        if (!t.scopes().isEmpty()) {
            json.put("scope", String.join(" ", t.scopes()));
        }
        json.put("client_id", t.clientId())
                .put("token_type", tokenType)
                .put("exp", exp.getEpochSecond())
                .put("iat", t.issuedAt().getEpochSecond())
                .put("sub", t.subject())
                .put("iss", config.issuer());
        if (!t.audience().isEmpty()) {
            json.put("aud", t.audience()); // RFC 7662 §2.2, RFC 8707
        }
        String jkt = t.data().get(AccessToken.CONFIRMATION_JKT);
        if (jkt != null) {
            json.putRaw("cnf", Json.object().put("jkt", jkt).toString()); // RFC 9449 §6.2
        }
        String actor = t.data().get(AccessToken.ACTOR_SUBJECT);
        if (actor != null) {
            json.putRaw("act", Json.object().put("sub", actor).toString());
        }
        return json.toString();
    }
}
