package org.oauth2kit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.AuthorizationGrant;
import org.oauth2kit.grant.Grant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.internal.Json;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/**
 * Authorization server metadata, RFC 8414 (R34), generated from the configuration: only the
 * grants that were added, only the methods that are supported.
 */
final class MetadataEndpoint {
    private final Config config;
    private final Grants grants;

    MetadataEndpoint(Config config, Grants grants) {
        this.config = config;
        this.grants = grants;
    }

    Response handle(Request request) {
        return handle(request, false);
    }

    /**
     * RFC 8414 metadata, or with {@code openId} the OpenID Connect Discovery document: the same
     * members, consistent by construction, plus what Discovery requires.
     */
    Response handle(Request request, boolean openId) {
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "metadata is read with GET");
        }
        List<String> grantTypes = new ArrayList<>();
        List<String> responseTypes = new ArrayList<>();
        Set<String> scopes = new LinkedHashSet<>();
        boolean fragment = false;
        for (Grant g : grants.all()) {
            scopes.addAll(g.scope().supported());
            // RFC 8414 §2 lists "implicit" among grant types, too
            if (!grantTypes.contains(g.grantType())) {
                grantTypes.add(g.grantType());
            }
            if (g instanceof AuthorizationGrant a) {
                responseTypes.add(Grants.normalize(a.responseType()));
                fragment |= a.fragment();
            }
        }
        grantTypes.sort(java.util.Comparator.comparingInt(MetadataEndpoint::rfcOrder));
        List<String> secretMethods = List.of("client_secret_basic", "client_secret_post");
        List<String> tokenMethods = List.of("client_secret_basic", "client_secret_post", "none");
        Json json = Json.object().put("issuer", config.issuer());
        if (!responseTypes.isEmpty()) {
            json.put("authorization_endpoint", config.issuer() + config.authorizePath());
        }
        json.put("token_endpoint", config.issuer() + config.tokenPath())
                .put("revocation_endpoint", config.issuer() + config.revocationPath())
                .put("introspection_endpoint", config.issuer() + config.introspectionPath())
                .put("grant_types_supported", grantTypes)
                .put("response_types_supported", responseTypes)
                .put("response_modes_supported", fragment ? List.of("query", "fragment")
                        : List.of("query"))
                .put("token_endpoint_auth_methods_supported", tokenMethods)
                .put("revocation_endpoint_auth_methods_supported", tokenMethods)
                .put("introspection_endpoint_auth_methods_supported", secretMethods);
        if (grants.has(GrantTypes.AUTHORIZATION_CODE)) {
            json.put("code_challenge_methods_supported", config.allowPlainPkce() ? List.of("S256", "plain") : List.of("S256"));
        }
        OpenIdConnect oidc = config.openIdConnect();
        if (oidc != null) {
            // both documents name the keys and UserInfo: a client may start from either
            json.put("jwks_uri", config.issuer() + oidc.jwksPath())
                    .put("userinfo_endpoint", config.issuer() + oidc.userinfoPath());
        }
        if (openId && oidc != null) {
            scopes.add("openid");
            json.put("subject_types_supported", List.of("public"))
                    .put("id_token_signing_alg_values_supported", List.of(oidc.keys().current().alg()))
                    .put("claims_supported", OpenIdConnect.claimsSupported())
                    .put("request_parameter_supported", false)
                    .put("claims_parameter_supported", false);
        }
        if (!scopes.isEmpty()) {
            json.put("scopes_supported", scopes);
        }
        json.put("authorization_response_iss_parameter_supported", true);
        if (config.dpop() != null) {
            json.put("dpop_signing_alg_values_supported", config.dpop().algorithms());
        }
        if (config.clientIdMetadataDocuments()) {
            json.put("client_id_metadata_document_supported", true);
        }
        config.endpoints().forEach((path, endpoint) -> endpoint.metadata(config.issuer() + path).forEach(json::putValue));
        // Metadata is public and changes only with the configuration; a short cache is fine.
        return Response.of(200, "application/json;charset=UTF-8", json.toString())
                .withHeader("Cache-Control", "public, max-age=300");
    }

    /** The RFC 6749 grants in the order the RFC lists them, extension grants after them. */
    private static int rfcOrder(String grantType) {
        int i = List.of(GrantTypes.AUTHORIZATION_CODE, GrantTypes.IMPLICIT, GrantTypes.PASSWORD,
                GrantTypes.CLIENT_CREDENTIALS, GrantTypes.REFRESH_TOKEN).indexOf(grantType);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
