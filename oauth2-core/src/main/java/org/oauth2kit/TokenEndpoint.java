package org.oauth2kit;

import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthBaseError;
import org.oauth2kit.error.OAuthClientError;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.error.UserNotAuthenticated;
import org.oauth2kit.grant.Grant;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.RefreshToken;
import org.oauth2kit.internal.Digests;
import org.oauth2kit.store.Redemption;
import org.oauth2kit.web.Request;
import org.oauth2kit.web.Response;

/** The token endpoint, RFC 6749 §3.2 and §4-6 (R1-R5, R13-R27). */
final class TokenEndpoint {
    private final Provider p;
    private final ClientAuthentication clientAuthentication;
    private final TokenIssuer issuer;

    TokenEndpoint(Provider p) {
        this.p = p;
        this.clientAuthentication = new ClientAuthentication(p);
        this.issuer = new TokenIssuer(p);
    }

    Response handle(Request request, Map<String, Object> environ) {
        Params form = readForm(p, request);
        // A failure propagates as ClientAuthentication.Failed; dispatch answers it with 401 (R2).
        ClientAuthentication.Result auth = clientAuthentication.authenticate(request, form, true);
        Client client = auth.client();
        String grantType = form.get("grant_type");
        if (grantType == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "missing parameter: grant_type");
        }
        Grant grant = GrantTypes.IMPLICIT.equals(grantType) ? null : p.grants.get(grantType);
        if (grant == null) {
            throw new OAuthInvalidError(ErrorCode.UNSUPPORTED_GRANT_TYPE, "unsupported grant_type");
        }
        if (!client.grantTypes().contains(grantType)) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "this client may not use this grant type");
        }
        form.requireNoRepeats();
        TokenIssuer.Issued issued = switch (grantType) {
            case GrantTypes.AUTHORIZATION_CODE -> authorizationCode(form, client);
            case GrantTypes.PASSWORD -> password(request, environ, form, client, grant);
            case GrantTypes.CLIENT_CREDENTIALS -> clientCredentials(form, client, grant);
            case GrantTypes.REFRESH_TOKEN -> refresh(form, client, (RefreshToken) grant);
            default -> throw new OAuthInvalidError(ErrorCode.UNSUPPORTED_GRANT_TYPE, "unsupported grant_type");
        };
        return TokenIssuer.response(issued);
    }

    /** POST with a form body only (R17), within the size limit (R35). */
    static Params readForm(Provider p, Request request) {
        if (!"POST".equals(request.method())) {
            throw new OAuthInvalidError(ErrorCode.METHOD_NOT_ALLOWED, "this endpoint accepts POST only");
        }
        if (request.bodyTooLarge()) {
            throw new OAuthInvalidError(ErrorCode.REQUEST_TOO_LARGE, "request body too large");
        }
        if (!"application/x-www-form-urlencoded".equals(request.contentType())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST,
                    "the body must be application/x-www-form-urlencoded");
        }
        String charset = charset(request.header("Content-Type"));
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "the body must be UTF-8");
        }
        return Params.form(request, p);
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

    private TokenIssuer.Issued authorizationCode(Params form, Client client) {
        String code = form.require("code");
        String digest = Digests.sha256(code);
        // Validate against the live code before redeeming it, so a wrong client or verifier
        // cannot burn another client's code (R16).
        Optional<AuthorizationCode> live = p.authCodeStore.fetchByCode(digest);
        if (live.isPresent()) {
            check(live.get(), form, client);
        }
        Redemption<AuthorizationCode> redemption = p.authCodeStore.redeemCode(digest);
        switch (redemption.outcome()) {
            case NOT_FOUND -> throw invalidCode();
            case ALREADY_REDEEMED -> {
                AuthorizationCode used = redemption.value();
                if (used.clientId().equals(client.clientId())) {
                    // R15: a code used twice is likely stolen; revoke what it bought.
                    p.accessTokenStore.revokeFamily(familyOf(used), p.clock.instant().plus(p.longestLifetime()));
                    Provider.LOG.log(Level.WARNING, "authorization code " + digest.substring(0, 8)
                            + " presented again by client " + client.clientId() + "; its tokens are revoked");
                }
                throw invalidCode();
            }
            default -> {
                // REDEEMED
            }
        }
        AuthorizationCode redeemed = redemption.value();
        check(redeemed, form, client);
        return issuer.issue(client, GrantTypes.AUTHORIZATION_CODE, redeemed.data(), redeemed.scopes(),
                familyOf(redeemed), true);
    }

    static String familyOf(AuthorizationCode code) {
        return "c." + code.codeDigest();
    }

    private void check(AuthorizationCode code, Params form, Client client) {
        if (!code.clientId().equals(client.clientId())) {
            throw invalidCode();
        }
        if (code.isExpired(p.clock.instant())) {
            throw invalidCode();
        }
        String redirectUri = form.get("redirect_uri");
        if (code.redirectUri() != null ? !code.redirectUri().equals(redirectUri) : redirectUri != null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT,
                    "redirect_uri must be the one sent in the authorization request");
        }
        String verifier = form.get("code_verifier");
        if (code.codeChallenge() == null) {
            if (verifier != null) {
                // RFC 9700 §4.8.2: a verifier for a code issued without a challenge is refused.
                throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "code_verifier sent for a code issued without PKCE");
            }
            return;
        }
        if (verifier == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "code_verifier is required");
        }
        if (!Pkce.isValidVerifier(verifier)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "code_verifier must be 43 to 128 unreserved characters");
        }
        if (!Pkce.matches(verifier, code.codeChallenge(), code.codeChallengeMethod())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "code_verifier does not match the code_challenge");
        }
    }

    private static OAuthInvalidError invalidCode() {
        return new OAuthInvalidError(ErrorCode.INVALID_GRANT, "authorization code is invalid, expired or already used");
    }

    private TokenIssuer.Issued password(Request request, Map<String, Object> environ, Params form, Client client,
            Grant grant) {
        if (!client.isConfidential()) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT, "public clients may not use the password grant");
        }
        form.require("username");
        form.require("password");
        List<String> scopes = grant.scope().parse(form.get("scope"));
        Map<String, String> data;
        try {
            data = p.siteAdapter.authenticate(request, environ, scopes, client);
        } catch (UserNotAuthenticated e) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "invalid username or password");
        }
        if (data == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT, "invalid username or password");
        }
        return issuer.issueInNewFamily(client, GrantTypes.PASSWORD, data, scopes, true);
    }

    private TokenIssuer.Issued clientCredentials(Params form, Client client, Grant grant) {
        if (!client.isConfidential()) {
            throw new OAuthClientError(ErrorCode.UNAUTHORIZED_CLIENT,
                    "public clients may not use the client_credentials grant");
        }
        List<String> scopes = grant.scope().parse(form.get("scope"));
        return issuer.issueInNewFamily(client, GrantTypes.CLIENT_CREDENTIALS, Map.of(), scopes, false);
    }

    private TokenIssuer.Issued refresh(Params form, Client client, RefreshToken grant) {
        String refreshToken = form.require("refresh_token");
        String digest = Digests.sha256(refreshToken);
        String requestedScope = form.get("scope");
        Optional<AccessToken> live = p.accessTokenStore.fetchByRefreshToken(digest);
        if (live.isPresent()) {
            checkRefresh(live.get(), client, requestedScope);
        }
        if (!grant.rotation()) {
            AccessToken current = live.orElseThrow(TokenEndpoint::invalidRefresh);
            List<String> scopes = checkRefresh(current, client, requestedScope);
            return reissueWithoutRotation(client, current, scopes, refreshToken);
        }
        Redemption<AccessToken> redemption = p.accessTokenStore.redeemRefreshToken(digest);
        switch (redemption.outcome()) {
            case NOT_FOUND -> throw invalidRefresh();
            case ALREADY_REDEEMED -> {
                AccessToken retired = redemption.value();
                if (retired.clientId().equals(client.clientId())) {
                    // R25: a retired refresh token came back; someone holds a copy. Revoke the family.
                    p.accessTokenStore.revokeFamily(retired.familyId(), p.clock.instant().plus(p.longestLifetime()));
                    Provider.LOG.log(Level.WARNING, "retired refresh token " + digest.substring(0, 8)
                            + " presented again by client " + client.clientId() + "; its family is revoked");
                }
                throw invalidRefresh();
            }
            default -> {
                // REDEEMED
            }
        }
        AccessToken old = redemption.value();
        List<String> scopes = checkRefresh(old, client, requestedScope);
        return issuer.issue(client, GrantTypes.REFRESH_TOKEN, old.data(), scopes, old.familyId(), true);
    }

    /** Rotation off: a new access token, the same refresh token, kept in a new record. */
    private TokenIssuer.Issued reissueWithoutRotation(Client client, AccessToken current, List<String> scopes,
            String refreshToken) {
        TokenIssuer.Issued issued = issuer.issue(client, GrantTypes.REFRESH_TOKEN, current.data(), scopes,
                current.familyId(), false);
        return new TokenIssuer.Issued(issued.accessToken(), refreshToken, issued.stored(), issued.expiresIn());
    }

    /** R23, R24, R30: same client, unexpired, scope a subset of the original. Returns the scopes to grant. */
    private List<String> checkRefresh(AccessToken token, Client client, String requestedScope) {
        if (!token.clientId().equals(client.clientId())) {
            throw invalidRefresh();
        }
        if (token.isRefreshExpired(p.clock.instant())) {
            throw invalidRefresh();
        }
        if (requestedScope == null || requestedScope.isBlank()) {
            return token.scopes();
        }
        LinkedHashSet<String> requested = new LinkedHashSet<>(List.of(requestedScope.trim().split(" +")));
        if (!token.scopes().containsAll(requested)) {
            throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "scope exceeds the original grant");
        }
        return List.copyOf(requested);
    }

    private static OAuthBaseError invalidRefresh() {
        return new OAuthInvalidError(ErrorCode.INVALID_GRANT, "refresh token is invalid, expired or revoked");
    }
}
