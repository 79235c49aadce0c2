package org.oauth2kit;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.internal.Json;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * The endpoints OpenID Connect adds: Discovery (§4 of Discovery 1.0), the JWK Set, and UserInfo
 * (Core §5.3), which answers a bearer token carrying {@code openid} with the claims its scopes allow.
 */
final class OpenIdEndpoints {
    private final OpenIdConnect oidc;
    private final MetadataEndpoint metadata;
    private final BearerValidator bearer;
    private final Responses responses;

    OpenIdEndpoints(OpenIdConnect oidc, MetadataEndpoint metadata, BearerValidator bearer,
            Responses responses) {
        this.oidc = oidc;
        this.metadata = metadata;
        this.bearer = bearer;
        this.responses = responses;
    }

    /** The answer for one of these endpoints, or null when {@code path} is none of them. */
    @Nullable Response handle(Request request, String path) {
        if (path.equals(oidc.discoveryPath())) {
            return metadata.handle(request, true);
        }
        if (path.equals(oidc.jwksPath())) {
            if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the key set is read with GET");
            }
            // public keys: caches may keep them briefly; rotation keeps the previous key published
            return Response.of(200, "application/json;charset=UTF-8", oidc.keys().jwks())
                    .withHeader("Cache-Control", "public, max-age=300");
        }
        if (path.equals(oidc.userinfoPath())) {
            return userinfo(request);
        }
        return null;
    }

    private Response userinfo(Request request) {
        if (!"GET".equals(request.method()) && !"POST".equals(request.method())) {
            throw OAuthInvalidError.invalidRequest("UserInfo accepts GET and POST", 405);
        }
        BearerResult result;
        try {
            result = bearer.validate(request, List.of("openid"));
        } catch (RuntimeException e) {
            return responses.failure(e, "at the UserInfo endpoint");
        }
        if (!(result instanceof BearerResult.Authorized authorized)) {
            return result.rejection().orElseThrow();
        }
        AccessToken token = authorized.token();
        String subject = token.subject();
        if (subject == null) {
            // a token for a client alone (client credentials) has no user to describe
            return result.rejection().orElseGet(() -> Responses.error(new OAuthInvalidError(ErrorCode.INVALID_TOKEN,
                    "the token was issued for no user")));
        }
        Set<String> scopes = new LinkedHashSet<>(token.scopes());
        Set<String> allowed = OpenIdConnect.claimsAllowed(scopes);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        oidc.claims().claims(subject, token.data(), scopes).forEach((name, value) -> {
            if (allowed.contains(name) && value != null) {
                claims.put(name, value);
            }
        });
        StringBuilder json = new StringBuilder();
        Json.value(json, claims);
        return Response.json(200, json.toString());
    }
}
