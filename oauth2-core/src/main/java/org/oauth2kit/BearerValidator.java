package org.oauth2kit;

import org.oauth2kit.dpop.Dpop;
import org.oauth2kit.grant.Engine;
import org.oauth2kit.resource.ProtectedResource;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.internal.FormParser;
import org.oauth2kit.internal.Json;
import org.oauth2kit.oidc.OpenIdConnect;
import org.oauth2kit.store.AccessTokenStore;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** Bearer token validation for resource servers, RFC 6750 (R31). */
final class BearerValidator {
    private final Config config;
    private final AccessTokenStore tokens;
    private final Engine engine;

    BearerValidator(Config config, AccessTokenStore tokens, Engine engine) {
        this.config = config;
        this.tokens = tokens;
        this.engine = engine;
    }

    BearerResult validate(Request request, Collection<String> requiredScopes) {
        BearerResult result = check(request, requiredScopes);
        if (result instanceof BearerResult.Rejected rejected && config.resources().enabled()) {
            Optional<ProtectedResource> resource = config.resources().at(request.path(), config.issuer());
            if (resource.isPresent()) {
                // RFC 9728 §5.1: the challenge says where the resource's metadata is, so a client that
                // knows nothing else can find the authorization server
                String param = ", resource_metadata=\"" + Text.quoted(resource.get().metadataUrl()) + "\"";
                Response r = rejected.response();
                List<String> challenges = r.headers().getOrDefault("WWW-Authenticate", List.of());
                if (!challenges.isEmpty()) {
                    Response out = r.withHeader("WWW-Authenticate", challenges.get(0) + param);
                    for (int i = 1; i < challenges.size(); i++) {
                        out = out.addHeader("WWW-Authenticate", challenges.get(i) + param);
                    }
                    return new BearerResult.Rejected(out);
                }
            }
        }
        return result;
    }

    private BearerResult check(Request request, Collection<String> requiredScopes) {
        // the token and in how many places the request carried one (RFC 6750 §2: at most one)
        String token = null;
        int found = 0;
        boolean dpopScheme = false;
        List<String> authorization = request.headers("authorization");
        if (authorization.size() > 1) {
            return reject(400, ErrorCode.INVALID_REQUEST, "more than one Authorization header", requiredScopes);
        }
        if (!authorization.isEmpty()) {
            String header = authorization.get(0).trim();
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = header.substring(7).trim();
                found++;
            } else if (header.equalsIgnoreCase("Bearer")) {
                token = "";
                found++;
            } else if (config.dpop() != null && header.regionMatches(true, 0, "DPoP ", 0, 5)) {
                token = header.substring(5).trim();
                found++;
                dpopScheme = true;
            }
        }
        String inQuery = single(request.rawQuery(), request, "access_token");
        if (inQuery != null) {
            if (!config.bearerInQuery()) {
                return reject(400, ErrorCode.INVALID_REQUEST, "access tokens are not accepted in the query string",
                        requiredScopes);
            }
            token = inQuery;
            found++;
        }
        if (config.bearerInForm() && "POST".equals(request.method())
                && "application/x-www-form-urlencoded".equals(request.contentType())) {
            String inForm = single(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8), request,
                    "access_token");
            if (inForm != null) {
                token = inForm;
                found++;
            }
        }
        if (found > 1) {
            return reject(400, ErrorCode.INVALID_REQUEST, "more than one access token in the request", requiredScopes);
        }
        if (found == 0) {
            // RFC 6750 §3.1: no error code when the request carried no credentials at all.
            Response none = Response.json(401, "{}").withHeader("WWW-Authenticate", challenge(null, null, requiredScopes));
            return new BearerResult.Rejected(config.dpop() == null ? none
                    : none.addHeader("WWW-Authenticate", dpopChallenge(null, null, requiredScopes)));
        }
        if (!isB64Token(token)) {
            return reject(401, ErrorCode.INVALID_TOKEN, "the access token is malformed", requiredScopes);
        }
        OpenIdConnect oidc = config.openIdConnect();
        if (oidc != null && oidc.jwtAudience() != null && token.indexOf('.') > 0) {
            Optional<AccessToken> jwt = JwtAccessTokens.verify(token, oidc, config);
            if (jwt.isEmpty()) {
                return reject(401, ErrorCode.INVALID_TOKEN, "the access token is invalid or expired", requiredScopes);
            }
            if (oidc.validateJwtLocally()) {
                // by signature alone: no store read, so a revoked token is honoured until it expires
                return authorize(jwt.get(), request, token, dpopScheme, requiredScopes);
            }
        }
        Optional<AccessToken> stored = tokens.fetchByToken(Digests.sha256(token));
        if (stored.isEmpty() || stored.get().isExpired(config.clock())) {
            return reject(401, ErrorCode.INVALID_TOKEN, "the access token is invalid, expired or revoked", requiredScopes);
        }
        return authorize(stored.get(), request, token, dpopScheme, requiredScopes);
    }

    /** The last checks, for a token found valid: its DPoP binding (RFC 9449 §7), then its scopes. */
    private BearerResult authorize(AccessToken found, Request request, String token, boolean dpopScheme,
            Collection<String> requiredScopes) {
        Optional<ProtectedResource> resource = config.resources().at(request.path(), config.issuer());
        if (resource.isPresent() && !found.audience().contains(resource.get().identifier())) {
            // RFC 8707 §2, RFC 9068 §4: a token for another resource is no good here
            return reject(401, ErrorCode.INVALID_TOKEN, "the access token is not for this resource", requiredScopes);
        }
        String bound = found.data().get(AccessToken.CONFIRMATION_JKT);
        Dpop dpop = config.dpop();
        if (bound != null || dpopScheme) {
            if (dpop == null || !dpopScheme) {
                // a DPoP-bound token presented as a bearer token: a stolen copy is no use without the key
                return rejectDpop(ErrorCode.INVALID_TOKEN, "this access token is bound to a DPoP key: use the DPoP scheme",
                        requiredScopes, null);
            }
            try {
                String thumbprint = dpop.verify(request, null, token, config.issuer(), engine).thumbprint();
                if (!thumbprint.equals(bound)) {
                    return rejectDpop(ErrorCode.INVALID_TOKEN, "the DPoP proof is not made with the token's key",
                            requiredScopes, null);
                }
            } catch (Dpop.ProofError e) {
                return rejectDpop(e.error(), e.explanation(), requiredScopes, e.nonce());
            }
        }
        if (!found.scopes().containsAll(requiredScopes)) {
            return reject(403, ErrorCode.INSUFFICIENT_SCOPE, "the access token lacks a required scope", requiredScopes);
        }
        return new BearerResult.Authorized(found);
    }

    private BearerResult rejectDpop(ErrorCode error, String description, Collection<String> scopes,
            String nonce) {
        Response r = Response.json(401, Json.object().put("error", error.code())
                .put("error_description", description).toString())
                .withHeader("WWW-Authenticate", dpopChallenge(error.code(), description, scopes));
        return new BearerResult.Rejected(nonce == null ? r : r.withHeader("DPoP-Nonce", nonce));
    }

    /** RFC 9449 §7.1: the DPoP scheme's challenge, with the accepted algorithms. */
    private String dpopChallenge(String error, String description, Collection<String> scopes) {
        return challenge("DPoP algs=\"" + String.join(" ", config.dpop().algorithms()) + '"', error, description, scopes);
    }

    /** Reads one parameter strictly; a malformed or repeated one counts as present and bad. */
    private String single(String raw, Request request, String name) {
        if (raw == null || !raw.contains(name)) {
            return null;
        }
        try {
            List<String> values = FormParser.parse(raw, config.maxParameters(), config.maxParameterLength()).get(name);
            if (values == null) {
                return null;
            }
            return values.size() == 1 ? values.get(0) : "\u0000repeated";
        } catch (FormParser.MalformedException e) {
            return null;
        }
    }

    private BearerResult reject(int status, ErrorCode error, String description, Collection<String> scopes) {
        Response r = Response.json(status, Json.object().put("error", error.code())
                .put("error_description", description).toString())
                .withHeader("WWW-Authenticate", challenge(error.code(), description, scopes));
        return new BearerResult.Rejected(r);
    }

    private String challenge(String error, String description, Collection<String> scopes) {
        return challenge("Bearer realm=\"" + Text.quoted(config.realm()) + '"', error, description, scopes);
    }

    /** A challenge of either scheme: its first parameter, then error, description and scope (RFC 6750 §3). */
    private static String challenge(String start, String error, String description, Collection<String> scopes) {
        StringBuilder sb = new StringBuilder(start);
        if (error != null) {
            sb.append(", error=\"").append(error).append('"');
            sb.append(", error_description=\"").append(Text.quoted(description)).append('"');
        }
        if (!scopes.isEmpty()) {
            sb.append(", scope=\"").append(Text.quoted(String.join(" ", scopes))).append('"');
        }
        return sb.toString();
    }

    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    static boolean isB64Token(String s) {
        if (s.isEmpty() || s.length() > 4096) {
            return false;
        }
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c < 128 && TOKEN_CHARS[c]) {
                i++;
            } else {
                break;
            }
        }
        if (i == 0) {
            return false;
        }
        while (i < n && s.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    /** The characters of b64token (RFC 6750 §2.1) before its trailing '=': one lookup per character. */
    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            TOKEN_CHARS[c] = true;
            TOKEN_CHARS[Character.toLowerCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            TOKEN_CHARS[c] = true;
        }
        for (char c : "-._~+/".toCharArray()) {
            TOKEN_CHARS[c] = true;
        }
    }
}
