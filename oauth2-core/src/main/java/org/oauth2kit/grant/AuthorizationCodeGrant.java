package org.oauth2kit.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.oauth2kit.AuthorizationCode;
import org.oauth2kit.Client;
import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.oidc.OpenIdConnect;
import org.jspecify.annotations.Nullable;

/**
 * The authorization code grant (RFC 6749 §4.1), three-legged, with PKCE (RFC 7636):
 * {@code response_type=code} at the authorization endpoint and {@code grant_type=authorization_code}
 * at the token endpoint. PKCE is required of public clients, and of every client when the Provider
 * says so. Codes are one-time (R14); a second use revokes what the first bought (R15).
 */
public final class AuthorizationCodeGrant implements AuthorizationGrant, TokenGrant {
    private final ScopePolicy scope;
    private final @Nullable Duration expiresIn;

    /** Ignores {@code scope}, as in the seed. */
    public AuthorizationCodeGrant() {
        this(new Scope());
    }

    /** As the seed's {@code ScopeGrant(default_scope, scopes)}. */
    public AuthorizationCodeGrant(@Nullable String defaultScope, @Nullable List<String> scopes) {
        this(new Scope(scopes, defaultScope));
    }

    public AuthorizationCodeGrant(ScopePolicy scope) {
        this(scope, null);
    }

    private AuthorizationCodeGrant(ScopePolicy scope, @Nullable Duration expiresIn) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.expiresIn = Lifetimes.positiveOrNull(expiresIn);
    }

    /** python-oauth2's {@code expires_in}: the lifetime of access tokens this grant issues. */
    public AuthorizationCodeGrant expiresIn(Duration lifetime) {
        return new AuthorizationCodeGrant(scope, Objects.requireNonNull(lifetime, "lifetime"));
    }

    @Override
    public String grantType() {
        return GrantTypes.AUTHORIZATION_CODE;
    }

    @Override
    public String responseType() {
        return "code";
    }

    @Override
    public ScopePolicy scope() {
        return scope;
    }

    @Override
    public void validate(GrantContext context) {
        String challenge = context.parameter("code_challenge");
        String method = context.parameter("code_challenge_method");
        if (challenge == null) {
            if (method != null) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "code_challenge_method without code_challenge");
            }
            if (!context.client().isConfidential() || context.engine().requirePkce()) {
                throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "code_challenge is required (PKCE)");
            }
            return;
        }
        method = method == null ? Pkce.PLAIN : method; // RFC 7636 §4.3 default
        if (!Pkce.S256.equals(method) && !(Pkce.PLAIN.equals(method) && context.engine().allowPlainPkce())) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "code_challenge_method must be S256");
        }
        Pkce.checkChallenge(challenge, method);
    }

    @Override
    public Map<String, String> authorize(GrantContext context, List<String> scopes, Map<String, String> user) {
        Engine engine = context.engine();
        String challenge = context.parameter("code_challenge");
        String method = challenge == null ? null : Optional.ofNullable(context.parameter("code_challenge_method"))
                .orElse(Pkce.PLAIN);
        Instant now = engine.clock().instant();
        Map<String, String> data = user;
        if (scopes.contains("openid")) {
            // OpenID Connect: the ID token issued for this code echoes the nonce and says when the user authorized
            Map<String, String> withOpenId = new LinkedHashMap<>(user);
            String nonce = context.parameter("nonce");
            if (nonce != null) {
                withOpenId.put(OpenIdConnect.NONCE_KEY, nonce);
            }
            if (!user.containsKey("auth_time")) {
                withOpenId.put(OpenIdConnect.AUTH_TIME_KEY, Long.toString(now.getEpochSecond()));
            }
            data = withOpenId;
        }
        String code = engine.newSecret();
        engine.authCodeStore().saveCode(new AuthorizationCode(engine.digest(code), context.client().clientId(),
                context.redirectUriSent() ? context.redirectUri() : null, scopes, data, challenge, method, now,
                now.plus(engine.codeLifetime())));
        return Map.of("code", code);
    }

    @Override
    public IssuedTokens token(GrantContext context) {
        Engine engine = context.engine();
        Client client = context.client();
        String digest = engine.digest(context.requireParameter("code"));
        // Validate against the live code before redeeming it, so a wrong client or verifier
        // cannot burn another client's code (R16).
        Optional<AuthorizationCode> live = engine.authCodeStore().fetchByCode(digest);
        if (live.isPresent()) {
            check(live.get(), context);
            engine.checkResources(live.get().data());
        }
        AuthorizationCode code = engine.redeemOnce(engine.authCodeStore().redeemCode(digest), client,
                AuthorizationCode::clientId, AuthorizationCodeGrant::familyOf, "authorization code");
        check(code, context);
        String nonce = code.data().get(OpenIdConnect.NONCE_KEY);
        Map<String, String> data = new LinkedHashMap<>(code.data());
        data.remove(OpenIdConnect.NONCE_KEY); // for the ID token only; auth_time stays for refreshes
        IssuedTokens issued = engine.issue(new Issuance(client, GrantTypes.AUTHORIZATION_CODE, data, code.scopes(),
                familyOf(code), true, expiresIn));
        return engine.idToken(client, data, code.scopes(), nonce, issued.accessToken())
                .map(idToken -> issued.withParameter("id_token", idToken)).orElse(issued);
    }

    /** The family of the tokens a code bought: revoked together when the code comes back (R15). */
    public static String familyOf(AuthorizationCode code) {
        return "c." + code.codeDigest();
    }

    private static void check(AuthorizationCode code, GrantContext context) {
        if (!code.clientId().equals(context.client().clientId())
                || code.isExpired(context.engine().clock().instant())) {
            throw invalidCode();
        }
        String redirectUri = context.parameter("redirect_uri");
        // RFC 6749 §4.1.3: required and identical when it was sent to /authorize. When it was not,
        // the code went to the client's only registered URI; clients written for python-oauth2
        // send that URI anyway, which is accepted, and any other is refused.
        boolean matches = code.redirectUri() != null ? code.redirectUri().equals(redirectUri)
                : redirectUri == null || context.client().redirectUris().equals(java.util.List.of(redirectUri));
        if (!matches) {
            throw new OAuthInvalidError(ErrorCode.INVALID_GRANT,
                    "redirect_uri must be the one sent in the authorization request");
        }
        String verifier = context.parameter("code_verifier");
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
}
