package org.oauth2kit.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.oauth2kit.error.ErrorCode;
import org.oauth2kit.error.OAuthInvalidError;
import org.oauth2kit.grant.AuthorizationCodeGrant;
import org.oauth2kit.grant.AuthorizationGrant;
import org.oauth2kit.grant.GrantContext;
import org.oauth2kit.grant.GrantTypes;
import org.oauth2kit.grant.ImplicitGrant;
import org.oauth2kit.grant.ScopePolicy;

/**
 * The OpenID Connect response types that return an ID token from the authorization endpoint, in
 * the fragment: {@code id_token} (Core §3.2) and {@code code id_token} (Core §3.3). Front-channel
 * tokens are what RFC 9700 advises against, so a Provider offers them only when the application
 * registered the implicit grant; they are written on the public grant SPI like any other grant.
 */
public final class IdTokenResponseTypes {
    private IdTokenResponseTypes() {
    }

    /** {@code response_type=id_token}: an ID token alone; {@code nonce} is required. Clients need {@code implicit}. */
    public static AuthorizationGrant idToken(ImplicitGrant implicit) {
        return new IdTokenOnly(Objects.requireNonNull(implicit, "implicit").scope());
    }

    /**
     * {@code response_type=code id_token}: a code (redeemed at the token endpoint as usual) and an
     * ID token with {@code c_hash}; {@code nonce} is required. Clients need {@code implicit} and
     * {@code authorization_code}.
     */
    public static AuthorizationGrant codeIdToken(AuthorizationCodeGrant code) {
        return new CodeIdToken(Objects.requireNonNull(code, "code"));
    }

    private static void requireOpenIdAndNonce(GrantContext context, List<String> scopes) {
        if (!scopes.contains("openid")) {
            throw new OAuthInvalidError(ErrorCode.INVALID_SCOPE, "this response type needs the openid scope");
        }
        if (context.parameter("nonce") == null) {
            throw new OAuthInvalidError(ErrorCode.INVALID_REQUEST, "nonce is required when an ID token is returned"
                    + " from the authorization endpoint");
        }
    }

    private record IdTokenOnly(ScopePolicy scope) implements AuthorizationGrant {
        @Override
        public String grantType() {
            return GrantTypes.IMPLICIT;
        }

        @Override
        public String responseType() {
            return "id_token";
        }

        @Override
        public boolean fragment() {
            return true;
        }

        @Override
        public void validate(GrantContext context) {
            requireOpenIdAndNonce(context, context.scopes(scope));
        }

        @Override
        public Map<String, String> authorize(GrantContext context, List<String> scopes, Map<String, String> user) {
            Map<String, String> data = withAuthTime(context, user);
            String idToken = context.engine().idToken(context.client(), data, scopes, context.parameter("nonce"), null)
                    .orElseThrow(() -> new IllegalStateException("OpenID Connect is not configured"));
            return Map.of("id_token", idToken);
        }
    }

    private record CodeIdToken(AuthorizationCodeGrant codeGrant) implements AuthorizationGrant {
        @Override
        public String grantType() {
            return GrantTypes.IMPLICIT; // tokens in the front channel: the client must be allowed the implicit flow
        }

        @Override
        public String responseType() {
            return "code id_token";
        }

        @Override
        public boolean fragment() {
            return true;
        }

        @Override
        public ScopePolicy scope() {
            return codeGrant.scope();
        }

        @Override
        public void validate(GrantContext context) {
            requireOpenIdAndNonce(context, context.scopes(scope()));
            codeGrant.validate(context); // PKCE, as for response_type=code
        }

        @Override
        public Map<String, String> authorize(GrantContext context, List<String> scopes, Map<String, String> user) {
            Map<String, String> out = new LinkedHashMap<>(codeGrant.authorize(context, scopes, user));
            String idToken = context.engine().idToken(context.client(), withAuthTime(context, user), scopes,
                    context.parameter("nonce"), null, out.get("code"))
                    .orElseThrow(() -> new IllegalStateException("OpenID Connect is not configured"));
            out.put("id_token", idToken);
            return out;
        }
    }

    private static Map<String, String> withAuthTime(GrantContext context, Map<String, String> user) {
        if (user.containsKey("auth_time")) {
            return user;
        }
        Map<String, String> data = new LinkedHashMap<>(user);
        data.put(OpenIdConnect.AUTH_TIME_KEY, Long.toString(context.engine().clock().instant().getEpochSecond()));
        return data;
    }
}
