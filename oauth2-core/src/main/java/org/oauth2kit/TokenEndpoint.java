package org.oauth2kit;

import org.oauth2kit.dpop.Dpop;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.GrantContext;
import org.oauth2kit.grant.IssuedTokens;
import org.oauth2kit.grant.TokenGrant;
import org.oauth2kit.internal.Json;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * The token endpoint, RFC 6749 §3.2 (R1-R5, R17-R20): reads the form, authenticates the client,
 * picks the {@link TokenGrant} by {@code grant_type} and writes its answer (§5.1). Every grant,
 * built in or an application's, goes through the same steps.
 */
final class TokenEndpoint {
    private final Config config;
    private final ClientAuthentication clientAuthentication;
    private final Grants grants;
    private final ProviderEngine engine;

    TokenEndpoint(Config config, ClientAuthentication clientAuthentication, Grants grants, ProviderEngine engine) {
        this.config = config;
        this.clientAuthentication = clientAuthentication;
        this.grants = grants;
        this.engine = engine;
    }

    Response handle(Request request, Map<String, Object> environ) {
        return handle(request, environ, null);
    }

    /** @param pending where the grant's token saves go when the answer waits for them; null to save at once */
    Response handle(Request request, Map<String, Object> environ, @Nullable PendingSaves pending) {
        Params form = readForm(config, request);
        // A failure propagates as ClientAuthentication.Failed; dispatch answers it with 401 (R2).
        Client client = clientAuthentication.authenticate(request, form, true).client();
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "missing parameter: grant_type");
        }
        TokenGrant grant = grants.tokenGrant(grantType).orElseThrow(
                () -> new OAuthInvalidError(ErrorCode.UNSUPPORTED_GRANT_TYPE, "unsupported grant_type"));
        if (!client.grantTypes().contains(grantType)) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "this client may not use this grant type");
        }
        form.requireNoRepeatsButResource();
        List<String> resources = config.resources().enabled() ? config.resources().check(client, form.all("resource"))
                : List.of();
        Dpop dpop = config.dpop();
        String thumbprint = null;
        if (dpop != null && !request.headers("dpop").isEmpty()) {
            try {
                thumbprint = dpop.verify(request, config.issuer() + config.tokenPath(), null, config.issuer(), engine)
                        .thumbprint();
            } catch (Dpop.ProofError e) {
                Response refused = Responses.error(e);
                return e.nonce() == null ? refused : refused.withHeader("DPoP-Nonce", e.nonce());
            }
        }
        IssuedTokens issued = grant.token(new GrantContext(client, form.single(), request, environ,
                new RequestEngine(engine, thumbprint, resources, pending), null, false, thumbprint));
        if (issued == null) {
            throw new IllegalStateException("grant " + grantType + " returned no tokens");
        }
        Response response = response(issued);
        if (dpop != null && thumbprint != null) {
            String nonce = dpop.currentNonce(config.clock().instant()).orElse(null);
            return nonce == null ? response : response.withHeader("DPoP-Nonce", nonce);
        }
        return response;
    }

    /** The RFC 6749 §5.1 response. */
    static Response response(IssuedTokens issued) {
        Json json = Json.object()
                .put("access_token", issued.accessToken())
                // RFC 9449 §5: a token bound to a DPoP key is of type DPoP
                .put("token_type", issued.stored().data().containsKey(AccessToken.CONFIRMATION_JKT) ? "DPoP" : "Bearer")
                .put("expires_in", issued.expiresIn());
        if (!issued.stored().scopes().isEmpty()) {
            json.put("scope", String.join(" ", issued.stored().scopes()));
        }
        json.put("refresh_token", issued.refreshToken());
        issued.parameters().forEach(json::put);
        return Response.json(200, json.toString());
    }

    /** POST with a form body only (R17), within the size limit (R35). */
    static Params readForm(Config config, Request request) {
        if (!"POST".equals(request.method())) {
            throw OAuthInvalidError.invalidRequest("this endpoint accepts POST only", 405);
        }
        if (request.bodyUnreadable()) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the request body could not be read");
        }
        if (request.bodyTooLarge()) {
            throw OAuthInvalidError.invalidRequest("request body too large", 413);
        }
        if (!"application/x-www-form-urlencoded".equals(request.contentType())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                    "the body must be application/x-www-form-urlencoded");
        }
        String charset = charset(request.header("content-type"));
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the body must be UTF-8");
        }
        return Params.form(request, config);
    }

    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String t = part.trim();
            if (t.regionMatches(true, 0, "charset=", 0, 8)) {
                return t.substring(8).replace("\"", "").trim();
            }
        }
        return null;
    }
}
